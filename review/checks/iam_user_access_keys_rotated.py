"""Active access keys of IAM users are rotated."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, passed, unknown, verdict
from coattail.review.checks._credentials import age_days, review_clock
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import IAMUser, Inventory
from coattail.review.model import Finding


@check(
    id="iam_user_access_keys_rotated",
    title="IAM users' active access keys are younger than the rotation period",
    pillar="security",
    bp_id="SEC02-BP05",
    severity="medium",
    service="iam",
    resource_type="AWS::IAM::User",
    rationale=(
        "A long-lived access key that is never rotated stays valid wherever it was copied or leaked; "
        "rotating it bounds how long a leaked key works."
    ),
    remediation=(
        "aws iam create-access-key --user-name <user>; move the consumers to the new key; "
        "aws iam update-access-key --user-name <user> --access-key-id <old> --status Inactive; "
        "then aws iam delete-access-key --user-name <user> --access-key-id <old> "
        "(better: replace the key by a role with temporary credentials)"
    ),
    remediation_terraform="# keys in Terraform state are secrets at rest: create and rotate them outside it",
    params={"max_age_days": 90},
)
def iam_user_access_keys_rotated(inv: Inventory, p: Params) -> Findings:
    limit = p.int("max_age_days")
    now = review_clock(inv)

    def judge(user: IAMUser) -> Finding:
        if user.access_keys is None:
            return unknown(user, "access keys not evidenced")
        keys = user.active_keys
        if not keys:
            return passed(user, "no active access keys", active_keys=0)
        if now is None or any(k.created_at is None for k in keys):
            return unknown(user, "access key creation dates or the review time not known")
        ages = {k.access_key_id: age_days(now, k.created_at) for k in keys if k.created_at}
        old = {k: a for k, a in ages.items() if a > limit}
        shown = ", ".join(f"{k} {a} d" for k, a in sorted(old.items() or ages.items()))
        return verdict(
            user,
            not old,
            f"active keys rotated within {limit} d ({shown})",
            f"active keys older than {limit} d: {shown}",
            key_age_days=ages,
        )

    yield from each(inv, IAMUser, "IAM users", judge)
