"""Catalog resources carry a data-classification LF-Tag."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, matches, verdict
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import GlueDatabase, Inventory
from coattail.review.model import Finding


@check(
    id="lakeformation_lf_tags_classification",
    kind="claim",
    title="Lakehouse databases carry a classification LF-Tag",
    pillar="security",
    bp_id="SEC07-BP01",
    severity="medium",
    service="lakeformation",
    resource_type="AWS::Glue::Database",
    rationale="A classification tag on every database makes the data's sensitivity explicit and lets "
    "tag-based grants follow it.",
    remediation="Define an LF-Tag (e.g. classification) and attach it to the database.",
    remediation_terraform='resource "aws_lakeformation_resource_lf_tags" "db" {\n'
    "  database { name = aws_glue_catalog_database.lake.name }\n"
    '  lf_tag { key = "classification"  value = "public" }\n}',
    params={"databases": ["*"], "tag_key": "classification"},
)
def lakeformation_lf_tags_classification(inv: Inventory, p: Params) -> Findings:
    key = p.str("tag_key")
    defined = {t.key: t.values for t in inv.lakeformation_tags}

    def judge(db: GlueDatabase) -> Finding:
        attached = next(
            (a.lf_tags for a in inv.lakeformation_resource_tags if a.resource == f"database:{db.name}"), {}
        )
        value = attached.get(key)
        return verdict(
            db,
            key in defined and bool(value),
            f"LF-Tag {key}={'|'.join(value or ())} attached"
            f" (tag values defined: {', '.join(defined.get(key, ()))})",
            f"LF-Tag {key} {'not attached' if key in defined else 'not defined'}",
            lf_tags={k: list(v) for k, v in attached.items()},
        )

    yield from each(
        inv,
        GlueDatabase,
        "Glue databases",
        judge,
        select=lambda d: matches(d.name, p.strs("databases")),
        required=p.strs("databases") != ("*",),
    )
