"""IAM groups that hold permissions have members."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import IAMGroup, IAMUser, Inventory
from coattail.review.model import Finding, SourceKind


@check(
    id="iam_group_has_users",
    title="IAM groups with permissions have at least one member",
    pillar="security",
    bp_id="SEC03-BP04",
    severity="low",
    service="iam",
    resource_type="AWS::IAM::Group",
    rationale="A group nobody belongs to grants nothing today, but its policies are standing access "
    "waiting for the next user added to it; groups left over from departed teams are what a "
    "continuous permission review removes. Judged on the account as read live (users list their groups).",
    remediation="aws iam detach-group-policy / delete-group-policy for each policy; "
    "then aws iam delete-group --group-name <name>",
    remediation_terraform="# remove the aws_iam_group and its policy attachments",
)
def iam_group_has_users(inv: Inventory) -> Findings:
    users = [u for u in inv.by_type(IAMUser) if u.source == SourceKind.LIVE]

    def judge(g: IAMGroup) -> Finding:
        mine = [u for u in users if u.account in (None, g.account)]
        if any(u.groups is None for u in mine):
            return unknown(g, "the users' group memberships are not all known")
        members = sorted(u.name for u in mine if g.name in (u.groups or ()))
        policies = len(g.attached_policy_arns) + len(g.inline_policy_names)
        return verdict(
            g,
            bool(members) or not policies,
            f"{len(members)} member{'s' if len(members) != 1 else ''}"
            + ("" if policies else " (no permissions attached)"),
            f"no members, yet {policies} polic{'ies' if policies != 1 else 'y'} attached",
            members=members,
            policies=policies,
        )

    yield from each(
        inv, IAMGroup, "IAM groups read live", judge, select=lambda g: g.source == SourceKind.LIVE
    )
