"""Roles nobody uses are removed."""

from __future__ import annotations

from datetime import datetime

from coattail.review.checks._common import Findings, none_found, passed, unknown, verdict
from coattail.review.checks._iam import customer_roles
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import IAMRole, Inventory
from coattail.review.model import SourceKind


@check(
    id="iam_role_unused",
    title="IAM roles have been used recently (or were created recently)",
    pillar="security",
    bp_id="SEC03-BP04",
    severity="low",
    service="iam",
    verified_on="fixtures",  # the deployed Terraform state, aged (moto cannot age a role)
    resource_type="AWS::IAM::Role",
    rationale=(
        "An unused role is standing access nobody watches; removing it shrinks what an attacker can use."
    ),
    remediation="Delete roles unused for longer than the review window, or document why they stay.",
    remediation_terraform="# remove the aws_iam_role and its attachments",
    params={"max_unused_days": 90},
)
def iam_role_unused(inv: Inventory, p: Params) -> Findings:
    limit = p.int("max_unused_days")
    taken = [s.collected_at for s in inv.sources]
    roles = customer_roles(inv)
    for role in roles:
        seen: datetime | None = role.last_used_at or role.created_at
        if seen is None and role.source == SourceKind.TERRAFORM and role.is_unknown("created_at"):
            # a plan knows the creation date only after apply: the role is created by this apply
            yield passed(role, "created by the planned apply", days_since_use=0)
            continue
        if seen is None or not taken:
            yield unknown(role, "neither last use nor creation date known")
            continue
        age = (max(taken) - seen).days
        what = "last used" if role.last_used_at else "never used, created"
        yield verdict(
            role,
            age <= limit,
            f"{what} {age} d ago (<= {limit} d)",
            f"{what} {age} d ago (> {limit} d)",
            days_since_use=age,
            last_used_at=role.last_used_at,
        )
    if not roles:
        yield none_found(inv, IAMRole, "IAM roles")
