"""IAM users have at most one active access key."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import IAMUser, Inventory
from coattail.review.model import Finding


@check(
    id="iam_user_single_active_key",
    title="IAM users have at most one active access key",
    pillar="security",
    bp_id="SEC02-BP05",
    severity="medium",
    service="iam",
    resource_type="AWS::IAM::User",
    rationale="Two active keys are needed only for the minutes of a rotation; a second key left active "
    "doubles what can leak and usually means the old key was never retired (CIS AWS Foundations 1.13).",
    remediation="aws iam update-access-key --user-name <user> --access-key-id <old> --status Inactive; "
    "then aws iam delete-access-key --user-name <user> --access-key-id <old>",
    remediation_terraform="# keys in Terraform state are secrets at rest: retire the extra key outside it",
)
def iam_user_single_active_key(inv: Inventory) -> Findings:
    def judge(user: IAMUser) -> Finding:
        if user.access_keys is None:
            return unknown(user, "access keys not evidenced")
        active = sorted(k.access_key_id for k in user.active_keys)
        return verdict(
            user,
            len(active) <= 1,
            f"{len(active)} active access key{'s' if len(active) != 1 else ''}",
            f"{len(active)} active access keys: {', '.join(active)}",
            active_keys=active,
        )

    yield from each(inv, IAMUser, "IAM users", judge)
