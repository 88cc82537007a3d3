"""Roles can be assumed only by the principals meant to assume them."""

from __future__ import annotations

from coattail.review.checks._common import Findings, none_found, unknown, verdict
from coattail.review.checks._iam import customer_roles, unknown_trust
from coattail.review.checks._registry import Params, check
from coattail.review.checks._resource_exposure import exposure
from coattail.review.inventory import IAMRole, Inventory, PolicyStatement

#: Condition keys that pin a foreign account's caller: the third party's external id (the
#: confused-deputy guard) or the caller's organisation.
_GUARDS = ("sts:externalid", "aws:principalorgid", "aws:principalorgpaths")


def _account(principal: str) -> str | None:
    if principal.isdigit() and len(principal) == 12:
        return principal
    parts = principal.split(":")
    return parts[4] if principal.startswith("arn:") and len(parts) > 4 and parts[4] else None


def _guarded(statement: PolicyStatement) -> list[str]:
    keys = {k.lower() for body in statement.conditions.values() for k in body}
    return [g for g in _GUARDS if g in keys]


def _foreign_unguarded(role: IAMRole, trusted: set[str]) -> tuple[list[str], list[str]]:
    """(foreign accounts trusted without a guard, foreign accounts pinned by a guard)."""
    bare: set[str] = set()
    guarded: set[str] = set()
    for s in role.trust_policy.allow_statements if role.trust_policy else ():
        for principal in s.principals.get("AWS", ()):
            account = _account(principal)
            if account and account != role.account and account not in trusted:
                (guarded if _guarded(s) else bare).add(account)
    return sorted(bare), sorted(guarded)


@check(
    id="iam_role_trust_scoped",
    title="Role trust policies admit no anonymous or unknown-account principals",
    pillar="security",
    bp_id="SEC03-BP07",
    severity="high",
    service="iam",
    resource_type="AWS::IAM::Role",
    rationale='A trust policy with Principal "*" lets anyone assume the role unless a condition pins the '
    "caller (source account, organisation, ...); a third-party account trusted without sts:ExternalId is the "
    "confused-deputy risk. Accounts the profile lists as trusted are the owner's own.",
    remediation="Trust only the service principals and the accounts listed in the review profile; require "
    "sts:ExternalId (or aws:PrincipalOrgID) for every other account.",
    remediation_terraform='principals { type = "Service"  identifiers = ["lambda.amazonaws.com"] }',
    params={"trusted_accounts": []},
)
def iam_role_trust_scoped(inv: Inventory, p: Params) -> Findings:
    roles = customer_roles(inv)
    trusted = set(p.strs("trusted_accounts"))
    for role in roles:
        pending = unknown_trust(role)
        if pending or role.trust_policy is None:
            yield pending or unknown(role, "trust policy not collected")
            continue
        e = exposure(role.trust_policy, role.account)
        bare, guarded = _foreign_unguarded(role, trusted)
        problems = []
        if e.public:
            problems.append("any principal ('*' without a condition that pins the caller) may assume it")
        if bare:
            problems.append(f"account(s) {', '.join(bare)} may assume it without sts:ExternalId")
        good = f"trusted principals {', '.join(role.trusted_principals) or 'none'}"
        if guarded:
            good += f"; foreign account(s) {', '.join(guarded)} pinned by external id or organisation"
        if e.restricted_by:
            good += f"; '*' restricted by {', '.join(e.restricted_by)}"
        yield verdict(
            role,
            not problems,
            good,
            "; ".join(problems),
            trusted_principals=list(role.trusted_principals),
            foreign_accounts_without_guard=bare,
            foreign_accounts_guarded=guarded,
            public=e.public,
        )
    if not roles:
        yield none_found(inv, IAMRole, "IAM roles")
