"""Data is stored in a compressed columnar format."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, verdict
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import GlueTable, Inventory
from coattail.review.model import Finding


def _format(t: GlueTable) -> str | None:
    if t.is_iceberg:
        return (t.parameters.get("write.format.default") or "parquet").lower()
    return (t.format or "").lower() or None


@check(
    id="glue_tables_columnar_format",
    title="Catalog tables store data as Parquet or ORC",
    pillar="sustainability",
    bp_id="SUS04-BP02",
    severity="low",
    service="glue",
    resource_type="AWS::Glue::Table",
    rationale="Columnar, compressed files are about ten times smaller than raw JSON and let queries read "
    "only the columns they need: less storage and less compute per query.",
    remediation="Write tables as Parquet (Iceberg's default write.format.default) or ORC.",
    remediation_terraform='parameters = { "write.format.default" = "parquet" }',
    params={"formats": ["parquet", "orc"], "required": False, "tables": []},
)
def glue_tables_columnar_format(inv: Inventory, p: Params) -> Findings:
    """Every table, or only the ``tables`` named (a workload's documented tables)."""
    named = set(p.strs("tables"))

    def judge(t: GlueTable) -> Finding:
        fmt = _format(t)
        return verdict(
            t,
            fmt in p.strs("formats"),
            f"{t.database}.{t.name}: {fmt}{' via Iceberg' if t.is_iceberg else ''}",
            f"{t.database}.{t.name}: format {fmt or 'unknown'}",
            format=fmt,
        )

    yield from each(
        inv,
        GlueTable,
        "Glue tables",
        judge,
        required=p.bool("required"),
        select=(lambda t: t.name in named) if named else None,
    )
