"""Who a resource policy lets in: public, other accounts (named), or restricted — and by what.

The policy semantics (``Principal: "*"`` / ``{"AWS": "*"}``, conditions that really restrict such
as aws:SourceAccount, aws:SourceArn, aws:SourceOwner, aws:SourceVpce, aws:SourceIp,
aws:PrincipalOrgID) come from Netflix's policyuniverse, the maintained library that implements
them; this module only turns its answer into a verdict's words.
"""

from __future__ import annotations

from dataclasses import dataclass

from policyuniverse.policy import Policy

from coattail.review.inventory import PolicyDocument

ACCOUNT_ARN_PREFIX = "arn:aws:iam::"


@dataclass(frozen=True)
class Exposure:
    public: bool
    public_actions: tuple[str, ...]
    other_accounts: tuple[str, ...]
    restricted_by: tuple[str, ...]  # condition categories that narrowed a wildcard principal

    @property
    def kind(self) -> str:
        if self.public:
            return "public"
        return "cross-account" if self.other_accounts else "restricted"


def _account_of(principal: str) -> str | None:
    if principal.isdigit() and len(principal) == 12:
        return principal
    if principal.startswith(ACCOUNT_ARN_PREFIX):
        account = principal[len(ACCOUNT_ARN_PREFIX) :].split(":", 1)[0]
        return account or None
    return None


def exposure(document: PolicyDocument, own_account: str | None) -> Exposure:
    policy = Policy(document.as_json())
    public = bool(policy.is_internet_accessible())
    actions = tuple(sorted(policy.internet_accessible_actions())) if public else ()
    accounts: set[str] = set()
    restricted: set[str] = set()
    for statement in policy.statements:
        if statement.effect != "Allow":
            continue
        for p in statement.principals:
            account = _account_of(p)
            if account and account != own_account:
                accounts.add(account)
        if "*" in statement.principals and not statement.is_internet_accessible():
            restricted |= {f"{c.category}={c.value}" for c in statement.condition_entries}
    return Exposure(public, actions, tuple(sorted(accounts)), tuple(sorted(restricted)))
