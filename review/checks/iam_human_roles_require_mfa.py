"""Roles that people assume require multi-factor authentication."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, matches, verdict
from coattail.review.checks._iam import customer_roles, unknown_trust
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import IAMRole, Inventory
from coattail.review.model import Finding


def _assumable_by_people(role: IAMRole) -> bool:
    if role.trust_policy is None:
        return False
    return any("AWS" in s.principals or "*" in s.principals for s in role.trust_policy.allow_statements)


@check(
    id="iam_human_roles_require_mfa",
    title="Roles assumable by IAM users require MFA in their trust policy",
    pillar="security",
    bp_id="SEC02-BP01",
    severity="high",
    service="iam",
    resource_type="AWS::IAM::Role",
    rationale="A condition aws:MultiFactorAuthPresent=true makes a stolen password or key alone useless "
    "for assuming the role.",
    remediation="Add a Bool aws:MultiFactorAuthPresent = true condition to the trust policy.",
    remediation_terraform=(
        'condition { test = "Bool"  variable = "aws:MultiFactorAuthPresent"  values = ["true"] }'
    ),
    params={"required_roles": []},
)
def iam_human_roles_require_mfa(inv: Inventory, p: Params) -> Findings:
    required = p.strs("required_roles")
    roles = {r.id: r for r in customer_roles(inv) if _assumable_by_people(r) or matches(r.name, required)}

    def judge(role: IAMRole) -> Finding:
        return unknown_trust(role) or verdict(
            role,
            role.mfa_required,
            "trust policy requires aws:MultiFactorAuthPresent",
            "trust policy does not require MFA",
            mfa_required=role.mfa_required,
            trusted_principals=list(role.trusted_principals),
        )

    yield from each(
        inv,
        IAMRole,
        "roles assumable by people",
        judge,
        select=lambda r: r.id in roles,
        required=bool(required),
    )
