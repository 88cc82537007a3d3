"""Lakehouse tables use the Iceberg table format."""

from __future__ import annotations

from fnmatch import fnmatchcase

from coattail.review.checks._common import Findings, none_found, verdict
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import GlueTable, Inventory


@check(
    id="glue_iceberg_tables",
    kind="claim",
    title="The documented lakehouse tables exist as Iceberg tables in the Glue catalog",
    pillar="performance_efficiency",
    bp_id="PERF03-BP01",
    severity="medium",
    service="glue",
    resource_type="AWS::Glue::Table",
    rationale="Iceberg gives hidden partitioning and partition pruning, schema evolution without rewrites "
    "and time travel for recovery — the lakehouse's query and recovery story rests on it.",
    remediation="Create the tables with table_type ICEBERG (through the Iceberg catalog or Terraform).",
    remediation_terraform='open_table_format_input { iceberg_input { metadata_operation = "CREATE" } }',
    params={"database": "*", "tables": [], "require_tables": True},
)
def glue_iceberg_tables(inv: Inventory, p: Params) -> Findings:
    """With ``tables`` named, only those are the claim (a scratch table beside them, such as the
    recovery drill's, is neither evidence for it nor against it); without, every table is judged."""
    named = set(p.strs("tables"))
    tables = [
        t
        for t in inv.glue_tables
        if fnmatchcase(t.database, p.str("database")) and (not named or t.name in named)
    ]
    names = {t.name for t in tables}
    for t in tables:
        yield verdict(
            t,
            t.is_iceberg,
            f"{t.database}.{t.name}: Iceberg table",
            f"{t.database}.{t.name}: table type {t.table_type or 'unknown'}, not Iceberg",
            table_type=t.table_type,
        )
    if p.bool("require_tables"):
        for missing in (n for n in p.strs("tables") if n not in names):
            yield none_found(inv, GlueTable, f"lakehouse table {missing}", required=True)
    if not tables and not (p.bool("require_tables") and p.strs("tables")):
        yield none_found(inv, GlueTable, "Glue tables")
