"""The lakehouse recovery drill: the runbook's time-travel procedure (RUNBOOK §5.3), executed.

On a scratch Iceberg table of the lakehouse catalog (``recovery_drill``, recreated each time) the drill
writes a good batch, then a corrupting one, and recovers exactly as the runbook says an operator
would: find the last good snapshot from the snapshots' history (the last one not written by the bad
writer), ``rollback_to_snapshot`` to it, and verify that the table reads what it held before, row for
row. The outcome is recorded as table properties (``ctc.recovery-drill.*``, mirrored by the Glue
catalog into the table's parameters), where a review reads when the procedure was last proved.
A drill that cannot verify raises :class:`DrillFailed` after recording ``result = failed``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import pyarrow as pa
from pyiceberg.catalog import Catalog
from pyiceberg.exceptions import NoSuchTableError
from pyiceberg.schema import Schema
from pyiceberg.table import Table
from pyiceberg.types import LongType, NestedField, StringType

from coattail.core.aws import AwsTarget, discover_platform
from coattail.jobs.sinks.iceberg import CatalogSettings, open_catalog

DRILL_TABLE = "recovery_drill"
PROPERTY_PREFIX = "ctc.recovery-drill."
STAGE_KEY = "ctc.recovery-drill.stage"  # snapshot summary: which write of the drill made the snapshot
SCHEMA = Schema(
    NestedField(1, "trade_id", LongType(), required=True),
    NestedField(2, "symbol", StringType(), required=True),
    NestedField(3, "price", StringType(), required=True),
)


class DrillFailed(RuntimeError):
    """The rolled-back table does not read what it held before the corrupting write."""


@dataclass(frozen=True)
class DrillResult:
    table: str
    verified_at: datetime
    good_snapshot_id: int
    corrupt_snapshot_id: int
    rows: int

    def properties(self) -> dict[str, str]:
        return {
            f"{PROPERTY_PREFIX}result": "verified",
            f"{PROPERTY_PREFIX}verified-at": self.verified_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            f"{PROPERTY_PREFIX}rolled-back-from": str(self.corrupt_snapshot_id),
            f"{PROPERTY_PREFIX}rolled-back-to": str(self.good_snapshot_id),
            f"{PROPERTY_PREFIX}rows-verified": str(self.rows),
            f"{PROPERTY_PREFIX}procedure": "docs/RUNBOOK.md 5.3",
        }


def _trades(n: int, price: Callable[[int], str]) -> pa.Table:
    return pa.table(
        {
            "trade_id": pa.array(range(1, n + 1), pa.int64()),
            "symbol": [("BTC-USDT", "ETH-USDT", "SOL-USDT")[i % 3] for i in range(n)],
            "price": [price(i) for i in range(n)],
        },
        schema=SCHEMA.as_arrow(),
    )


def _good_rows(n: int) -> pa.Table:
    return _trades(n, lambda i: f"{50_000 + i}.5")


def _corrupt_rows(n: int) -> pa.Table:
    """What a faulty writer appends: the same trade ids again with a garbage price."""
    return _trades(n, lambda _i: "NaN")


def last_good_snapshot(table: Table, bad_stage: str = "corrupt") -> int:
    """Runbook §5.3 step 1: the newest snapshot of the table's history not written by the bad writer."""
    history = sorted(table.snapshots(), key=lambda s: s.timestamp_ms)
    good = [s for s in history if s.summary is None or s.summary.get(STAGE_KEY) != bad_stage]
    if not good:
        raise DrillFailed(f"{table.name()}: no snapshot before the bad write to roll back to")
    return good[-1].snapshot_id


def _rows(table: Table) -> list[tuple[int, str, str]]:
    data = table.scan().to_arrow().sort_by("trade_id")
    return list(zip(*(data.column(c).to_pylist() for c in ("trade_id", "symbol", "price")), strict=True))


def run_drill(
    catalog: Catalog, namespace: str, rows: int = 300, clock: Callable[[], datetime] | None = None
) -> DrillResult:
    """Corrupt the scratch table, roll it back with the runbook's procedure, verify, record."""
    identifier = f"{namespace}.{DRILL_TABLE}"
    with contextlib.suppress(NoSuchTableError):
        catalog.purge_table(identifier)
    table = catalog.create_table(identifier, schema=SCHEMA, properties={"format-version": "2"})
    table.append(_good_rows(rows), snapshot_properties={STAGE_KEY: "good"})
    before = _rows(table)
    table.append(_corrupt_rows(rows), snapshot_properties={STAGE_KEY: "corrupt"})
    corrupt = table.current_snapshot()
    assert corrupt is not None
    if _rows(table) == before:
        raise DrillFailed(f"{identifier}: the corrupting write changed nothing; the drill proves nothing")
    good = last_good_snapshot(table)
    table.manage_snapshots().rollback_to_snapshot(good).commit()  # Runbook §5.3 step 2
    table.refresh()
    after = _rows(table)
    current = table.current_snapshot()
    if after != before or current is None or current.snapshot_id != good:
        with table.transaction() as tx:
            tx.set_properties({f"{PROPERTY_PREFIX}result": "failed"})
        raise DrillFailed(
            f"{identifier}: after the rollback the table reads {len(after)} rows, not the {len(before)} "
            f"it held (current snapshot {current.snapshot_id if current else None}, expected {good})"
        )
    result = DrillResult(
        table=identifier,
        verified_at=(clock or (lambda: datetime.now(UTC)))(),
        good_snapshot_id=good,
        corrupt_snapshot_id=corrupt.snapshot_id,
        rows=len(after),
    )
    with table.transaction() as tx:
        tx.set_properties(result.properties())
    return result


def run_platform_drill(target: AwsTarget, project: str, environment: str) -> DrillResult:
    """The drill in the platform's own lakehouse: its Glue database, warehouse in the processed bucket."""
    names = discover_platform(target, project, environment)
    settings = CatalogSettings(
        kind="glue",
        namespace=names.glue_database,
        warehouse=f"s3://{names.processed_bucket}/warehouse",
        region=target.region,
        endpoint_url=target.endpoint_url,
    )
    return run_drill(open_catalog(settings), names.glue_database)
