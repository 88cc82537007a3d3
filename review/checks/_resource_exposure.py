"""Who a resource policy lets in: public, other accounts (named), or restricted — and by what.

The policy semantics (``Principal: "*"`` / ``{"AWS": "*"}``, conditions that really restrict such
as aws:SourceAccount, aws:SourceArn, aws:SourceOwner, aws:SourceVpce, aws:SourceVpc, aws:SourceIp
(not /0), aws:PrincipalOrgID, aws:PrincipalAccount, kms:CallerAccount, on an Allow) come from
Netflix's policyuniverse, the maintained library that implements them; this module only turns its
answer into a verdict's words, and adds what policyuniverse leaves out:

* the "deny unless" form (API Gateway's documented private-API and IP-allow-list policies): an
  Allow to ``*`` is restricted by a Deny to ``*`` of the same actions and resources whose
  condition is the negation of a restricting key (``StringNotEquals aws:SourceVpce``,
  ``NotIpAddress aws:SourceIp``, ``StringNotEquals aws:PrincipalOrgID`` ...);
* an account named in a restricting condition (``aws:SourceAccount``, or the account of an
  ``aws:SourceArn``) that is not the owner's is cross-account access, as a principal would be.
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

from policyuniverse.policy import Policy
from policyuniverse.statement import Statement

from coattail.review.inventory import PolicyDocument, PolicyStatement

#: Negated operators a "deny unless" guard uses -> the restricting keys they may negate, and the
#: category shown (as policyuniverse names it).
_NEGATED_OPERATORS = ("stringnotequals", "stringnotlike", "stringnotequalsignorecase", "arnnotequals",
                      "arnnotlike", "notipaddress")  # fmt: skip
_GUARD_KEYS = {
    "aws:sourcevpce": "vpce",
    "aws:sourcevpc": "vpc",
    "aws:sourceip": "cidr",
    "aws:sourceaccount": "account",
    "aws:sourceowner": "account",
    "aws:principalaccount": "account",
    "aws:principalorgid": "organization",
    "aws:principalorgpaths": "organization",
    "aws:sourcearn": "arn",
}

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


def _condition_account(category: str, value: str) -> str | None:
    if category == "account" and value.isdigit() and len(value) == 12:
        return value
    if category == "arn":
        parts = value.split(":")
        account = parts[4] if value.startswith("arn:") and len(parts) > 5 else ""
        return account if account.isdigit() and len(account) == 12 else None
    return None


def _wildcard(category: str, value: str) -> bool:
    if category == "cidr":
        return value.endswith("/0")
    if category == "arn":
        return value.strip("*") == "" or ":*:" in value
    return "*" in value


def _guards(allow: PolicyStatement, denies: list[PolicyStatement]) -> list[str]:
    """What the "deny unless" statements covering ``allow`` restrict it to ([] when none)."""
    found: list[str] = []
    for deny in denies:
        if deny.principals != {"*": ("*",)} and deny.principals != {"AWS": ("*",)}:
            continue
        covered_actions = all(
            any(fnmatchcase(a.lower(), d.lower()) for d in deny.actions) for a in allow.actions
        )
        covered_resources = all(any(fnmatchcase(r, d) for d in deny.resources) for r in allow.resources)
        if not (allow.actions and covered_actions and covered_resources) or len(deny.conditions) != 1:
            continue
        ((operator, body),) = deny.conditions.items()
        if operator.lower().removesuffix("ifexists") not in _NEGATED_OPERATORS or len(body) != 1:
            continue  # several keys in one Deny deny only when all differ: not a guard of each
        ((key, values),) = body.items()
        category = _GUARD_KEYS.get(key.lower())
        if category is None or not values or any(_wildcard(category, v) for v in values):
            continue
        found += [f"{category}={v} (others denied)" for v in values]
    return found


def _actions(raw: Statement) -> set[str]:
    return {str(a) for a in raw.actions}


def exposure(document: PolicyDocument, own_account: str | None) -> Exposure:
    policy = Policy(document.as_json())
    denies = [s for s in document.statements if s.effect == "Deny"]
    public = False
    public_actions: set[str] = set()
    accounts: set[str] = set()
    restricted: set[str] = set()
    raw: Statement
    for raw, statement in zip(policy.statements, document.statements, strict=True):
        if raw.effect != "Allow":
            continue
        for p in raw.principals:
            account = _account_of(p)
            if account and account != own_account:
                accounts.add(account)
        if raw.is_internet_accessible():
            guards = _guards(statement, denies)
            if guards:
                restricted |= set(guards)
                accounts |= _foreign(guards, own_account)
            else:
                public = True
                public_actions |= _actions(raw)
            continue
        if "*" in raw.principals:
            entries: list[Any] = list(raw.condition_entries)
            restricted |= {f"{c.category}={c.value}" for c in entries}
            accounts |= {
                a for c in entries if (a := _condition_account(c.category, str(c.value))) and a != own_account
            }
    actions = tuple(sorted(public_actions))
    return Exposure(public, actions, tuple(sorted(accounts)), tuple(sorted(restricted)))


def _foreign(guards: list[str], own_account: str | None) -> set[str]:
    out = set()
    for g in guards:
        category, _, rest = g.partition("=")
        account = _condition_account(category, rest.removesuffix(" (others denied)"))
        if account and account != own_account:
            out.add(account)
    return out
