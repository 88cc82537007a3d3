"""Access to the lakehouse is granted in Lake Formation, principal by principal."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, matches, unknown_attributes, verdict
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import GlueDatabase, Inventory
from coattail.review.model import Finding


@check(
    id="lakeformation_permissions_granted",
    kind="claim",
    title="Lake Formation grants database/table permissions to the documented principals",
    pillar="security",
    bp_id="SEC08-BP04",
    severity="high",
    service="lakeformation",
    resource_type="AWS::Glue::Database",
    rationale="Lake Formation grants give table-level (and tag-based) control and an audit trail that "
    "plain S3/Glue IAM policies cannot.",
    remediation="Grant DESCRIBE/SELECT (and writes for the job role) on the database and its tables to "
    "each principal through aws_lakeformation_permissions.",
    remediation_terraform='resource "aws_lakeformation_permissions" "analyst" {\n'
    '  principal = aws_iam_role.analyst.arn  permissions = ["SELECT", "DESCRIBE"]\n'
    "  table { database_name = aws_glue_catalog_database.lake.name  wildcard = true }\n}",
    params={"databases": ["*"], "principals": []},
)
def lakeformation_permissions_granted(inv: Inventory, p: Params) -> Findings:
    def judge(db: GlueDatabase) -> Finding:
        grants = [
            g
            for g in inv.lakeformation_permissions
            if g.resource in (f"database:{db.name}", f"table:{db.name}.*")
            or g.resource.startswith(f"table:{db.name}.")
            or g.resource_kind in ("lf_tag", "lf_tag_policy")
        ]
        unresolved = [
            f"principal of the {'+'.join(g.permissions)} grant on {g.resource}"
            for g in grants
            if g.is_unknown("principal")
        ]
        holders = sorted({g.principal for g in grants})
        missing = [pat for pat in p.strs("principals") if not any(matches(h, [pat]) for h in holders)]
        # grants found for every documented principal stand; a missing one may be an unresolved grant
        return unknown_attributes(db, related=unresolved if missing or not grants else ()) or verdict(
            db,
            bool(grants) and not missing,
            f"{len(grants)} Lake Formation grants to {len(holders)} principal(s): "
            + ", ".join(h.rsplit("/", 1)[-1] for h in holders),
            f"no Lake Formation grant for {missing}" if grants else "no Lake Formation grants",
            principals=holders,
            grants=[
                f"{g.principal.rsplit('/', 1)[-1]} {'+'.join(g.permissions)} {g.resource}" for g in grants
            ],
        )

    yield from each(
        inv,
        GlueDatabase,
        "Glue databases",
        judge,
        select=lambda d: matches(d.name, p.strs("databases")),
        required=p.strs("databases") != ("*",),
    )
