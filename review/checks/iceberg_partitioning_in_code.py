"""Lakehouse tables are declared with Iceberg hidden partitioning."""

from __future__ import annotations

from coattail.review.checks._common import Findings
from coattail.review.checks._registry import Params, check
from coattail.review.checks._repo import practice_finding
from coattail.review.inventory import Inventory


@check(
    id="iceberg_partitioning_in_code",
    kind="claim",
    title="Lakehouse table definitions use Iceberg partition transforms (hidden partitioning)",
    pillar="performance_efficiency",
    bp_id="PERF03-BP04",
    severity="medium",
    service="repository",
    resource_type="file",
    rationale="Partition transforms such as day(timestamp) let queries on the source column prune files "
    "without users knowing the layout, and the layout can evolve without rewriting data.",
    remediation="Declare each table's PartitionSpec with transforms (day, hour, identity).",
    params={"practice": "iceberg_hidden_partitioning", "min_files": 1},
)
def iceberg_partitioning_in_code(inv: Inventory, p: Params) -> Findings:
    yield practice_finding(inv, p.str("practice"), p.int("min_files"), "Iceberg partition transforms")
