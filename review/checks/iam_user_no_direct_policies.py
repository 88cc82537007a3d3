"""IAM users get their permissions from groups, not from policies of their own."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import IAMUser, Inventory
from coattail.review.model import Finding


@check(
    id="iam_user_no_direct_policies",
    title="IAM users have no directly attached or inline policies",
    pillar="security",
    bp_id="SEC02-BP06",
    severity="medium",
    service="iam",
    resource_type="AWS::IAM::User",
    rationale=(
        "Permissions granted user by user drift apart and are missed in reviews; a group per job "
        "function keeps who-can-do-what in one place."
    ),
    remediation=(
        "Put the user in a group holding the permissions, then aws iam detach-user-policy "
        "--user-name <user> --policy-arn <arn> / aws iam delete-user-policy --user-name <user> "
        "--policy-name <name>"
    ),
    remediation_terraform=(
        "# replace aws_iam_user_policy / aws_iam_user_policy_attachment by aws_iam_group_policy_attachment "
        "and aws_iam_user_group_membership"
    ),
)
def iam_user_no_direct_policies(inv: Inventory) -> Findings:
    def judge(user: IAMUser) -> Finding:
        if user.attached_policy_arns is None or user.inline_policy_names is None:
            return unknown(user, "the user's own policies not evidenced")
        attached, inline = user.attached_policy_arns, user.inline_policy_names
        direct = [a.rsplit("/", 1)[-1] for a in attached] + [f"{n} (inline)" for n in inline]
        return verdict(
            user,
            not direct,
            f"no policies of its own (groups: {', '.join(user.groups or ()) or 'none'})",
            f"policies on the user itself: {', '.join(direct)}",
            attached_policy_arns=attached,
            inline_policy_names=inline,
        )

    yield from each(inv, IAMUser, "IAM users", judge)
