"""Roles can be assumed only by the principals meant to assume them."""

from __future__ import annotations

from coattail.review.checks._common import Findings, none_found, verdict
from coattail.review.checks._iam import customer_roles, unknown_trust
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import IAMRole, Inventory


def _foreign(principal: str, accounts: set[str]) -> bool:
    if principal == "*":
        return True
    if principal.isdigit():
        return principal not in accounts
    parts = principal.split(":")
    return principal.startswith("arn:") and len(parts) > 4 and parts[4] not in accounts


@check(
    id="iam_role_trust_scoped",
    title="Role trust policies admit no anonymous or unknown-account principals",
    pillar="security",
    bp_id="SEC03-BP07",
    severity="high",
    service="iam",
    resource_type="AWS::IAM::Role",
    rationale='A trust policy with Principal "*" or an unexpected account lets outsiders assume the role.',
    remediation="Trust only the service principals and the accounts listed in the review profile.",
    remediation_terraform='principals { type = "Service"  identifiers = ["lambda.amazonaws.com"] }',
    params={"trusted_accounts": []},
)
def iam_role_trust_scoped(inv: Inventory, p: Params) -> Findings:
    roles = customer_roles(inv)
    for role in roles:
        accounts = set(p.strs("trusted_accounts")) | ({role.account} if role.account else set())
        bad = []
        for s in role.trust_policy.allow_statements if role.trust_policy else ():
            aws = s.principals.get("AWS", ()) + s.principals.get("*", ())
            bad += [a for a in aws if _foreign(a, accounts) and not s.conditions]
        yield unknown_trust(role) or verdict(
            role,
            not bad,
            f"trusted principals {', '.join(role.trusted_principals) or 'none'}",
            f"trust admits {', '.join(sorted(set(bad)))} without conditions",
            trusted_principals=list(role.trusted_principals),
        )
    if not roles:
        yield none_found(inv, IAMRole, "IAM roles")
