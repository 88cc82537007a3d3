"""Analysts get data through tag-based, read-only Lake Formation grants."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, matches, unknown_attributes, verdict
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import IAMRole, Inventory
from coattail.review.model import Finding

_READ = {"SELECT", "DESCRIBE"}


@check(
    id="lakeformation_analyst_tag_access",
    kind="claim",
    title="The analyst role holds only read (SELECT/DESCRIBE) Lake Formation grants, tag-based",
    pillar="security",
    bp_id="SEC03-BP01",
    severity="medium",
    service="lakeformation",
    resource_type="AWS::IAM::Role",
    rationale="LF-Tag policies grant analysts what is classified for them, including tables created later, "
    "and nothing that can alter data.",
    remediation=(
        "Grant SELECT and DESCRIBE through an lf_tag_policy to the analyst role; remove other grants."
    ),
    remediation_terraform='lf_tag_policy { resource_type = "TABLE"\n'
    '  expression { key = "classification"  values = ["public"] } }',
    params={"roles": ["*analyst*"], "require_tag_policy": True},
)
def lakeformation_analyst_tag_access(inv: Inventory, p: Params) -> Findings:
    def judge(role: IAMRole) -> Finding:
        grants = [g for g in inv.lakeformation_permissions if g.principal in (role.id, role.name)]
        perms = {x for g in grants for x in g.permissions}
        tagged = any(g.resource_kind in ("lf_tag_policy", "lf_tag") for g in grants)
        unresolved = [
            f"principal of the {'+'.join(g.permissions)} grant on {g.resource}"
            for g in inv.lakeformation_permissions
            if g.is_unknown("principal")
        ]
        beyond_read = sorted(perms - _READ)
        ok = bool(grants) and perms <= _READ and (tagged or not p.bool("require_tag_policy"))
        return unknown_attributes(role, related=() if beyond_read else unresolved) or verdict(
            role,
            ok,
            f"{len(grants)} Lake Formation grant(s), {'+'.join(sorted(perms))}, "
            f"{'tag-based' if tagged else 'named resources'}",
            f"Lake Formation grants {sorted(perms) or 'none'}"
            + ("" if tagged else ", no LF-Tag policy grant"),
            permissions=sorted(perms),
            resources=[g.resource for g in grants],
        )

    yield from each(
        inv, IAMRole, "analyst roles", judge, select=lambda r: matches(r.name, p.strs("roles")), required=True
    )
