"""Lakehouse tables are declared with Iceberg hidden partitioning."""

from __future__ import annotations

from review.checks._common import Findings, no_repository, repository_finding
from review.checks._registry import Params, check
from review.checks._repo import practice_status
from review.inventory import Inventory
from review.model import Status


@check(
    id="iceberg_partitioning_in_code",
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
    repo = inv.repository
    if repo is None:
        yield no_repository(inv, "lakehouse table definitions")
        return
    ok, files = practice_status(repo, p.str("practice"), p.int("min_files"))
    yield repository_finding(
        repo,
        files[0] if files else "platform",
        Status.PASS if ok else Status.FAIL,
        f"Iceberg partition transforms declared in {', '.join(files)}"
        if ok
        else "no Iceberg partition transform declared in platform code",
        files=list(files),
    )
