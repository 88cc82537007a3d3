"""No workload role holds administrator rights."""

from __future__ import annotations

from coattail.review.checks._common import Findings, none_found, verdict
from coattail.review.checks._iam import allow_statements, customer_roles, unknown_permissions
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import IAMRole, Inventory


@check(
    id="iam_no_admin_access",
    title="No role has AdministratorAccess or an Allow * on *",
    pillar="security",
    bp_id="SEC03-BP02",
    severity="critical",
    service="iam",
    resource_type="AWS::IAM::Role",
    rationale="An administrator role turns any compromise of the workload into a compromise of the account.",
    remediation="Detach administrator policies from workload roles; grant the specific actions instead.",
    remediation_terraform=(
        "# remove aws_iam_role_policy_attachment of arn:aws:iam::aws:policy/AdministratorAccess"
    ),
    params={"admin_policies": ["AdministratorAccess", "PowerUserAccess", "IAMFullAccess"]},
)
def iam_no_admin_access(inv: Inventory, p: Params) -> Findings:
    admin = set(p.strs("admin_policies"))
    roles = customer_roles(inv)
    for role in roles:
        attached = sorted(pol.name for pol in role.attached_policies if pol.name in admin)
        star = sorted(
            {name for name, s in allow_statements(role) if "*" in s.actions and s.wildcard_resource}
        )
        yield unknown_permissions(role, attached + star) or verdict(
            role,
            not attached and not star,
            "no administrator policy and no Allow * on *",
            f"administrator rights via {', '.join(attached + star)}",
            admin_policies=attached,
            star_statements_in=star,
        )
    if not roles:
        yield none_found(inv, IAMRole, "IAM roles")
