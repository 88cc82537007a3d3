"""The Iceberg sinks through pyiceberg's Glue catalog, against the deployed platform in the emulator.

The same code path as on EMR Serverless (``CatalogSettings(kind="glue")``): tables in the platform's
Glue database, warehouse in its processed bucket; only the endpoint differs. Every table this module
creates is dropped at the end and its files deleted.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pyarrow as pa
import pytest
from botocore.exceptions import ClientError
from pyiceberg.catalog import Catalog
from pyiceberg.table import Table
from pyiceberg.types import StringType

from coattail.core.aws import AwsTarget, PlatformNames, discover_platform
from coattail.jobs.sinks import tables
from coattail.jobs.sinks.iceberg import CatalogSettings, append_batch, conform, ensure_tables, open_catalog

pytestmark = pytest.mark.emulator

WRITER = "glue-test"


def _drop_table_and_files(catalog: Catalog, s3: Any, bucket: str, identifier: str) -> None:
    location = catalog.load_table(identifier).location()
    catalog.drop_table(identifier)  # the Glue entry only: the files are ours to remove
    prefix = location.removeprefix(f"s3://{bucket}/").rstrip("/") + "/"
    for page in s3.get_paginator("list_object_versions").paginate(Bucket=bucket, Prefix=prefix):
        doomed = [
            {"Key": v["Key"], "VersionId": v["VersionId"]}
            for v in page.get("Versions", []) + page.get("DeleteMarkers", [])
        ]
        if doomed:
            s3.delete_objects(Bucket=bucket, Delete={"Objects": doomed, "Quiet": True})


@pytest.fixture(scope="module")
def lakehouse(deployment: Any, endpoint_url: str, aws: Any) -> Iterator[tuple[PlatformNames, Catalog]]:
    """The platform's Glue database as an Iceberg catalog, with the spec'd tables created in it."""
    names = discover_platform(AwsTarget(endpoint_url=endpoint_url))
    settings = CatalogSettings(
        kind="glue",
        namespace=names.glue_database,
        warehouse=f"s3://{names.processed_bucket}/warehouse",
        endpoint_url=endpoint_url,
    )
    catalog = open_catalog(settings)
    existing = {t["Name"] for t in aws("glue").get_tables(DatabaseName=names.glue_database)["TableList"]}
    ours = [s.name for s in tables.ALL_TABLES if s.name not in existing]
    try:
        ensure_tables(catalog, names.glue_database)
        yield names, catalog
    finally:
        for name in ours:
            _drop_table_and_files(catalog, aws("s3"), names.processed_bucket, f"{names.glue_database}.{name}")


def _trade(event_id: str, ts: datetime, symbol: str = "BTC-USDT", price: float = 60_000.0) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(tables.RAW_TRADES.schema.names)
    return row | {
        "event_id": event_id,
        "exchange": "binance",
        "symbol": symbol,
        "price": price,
        "quantity": 2.0,
        "quote_volume": price * 2.0,
        "side": "buy",
        "timestamp": ts,
        "arrival_time": ts,
    }


def _batch(*rows: dict[str, Any]) -> pa.Table:
    return conform(pa.Table.from_pylist(list(rows)), tables.RAW_TRADES)


def _event_ids(table: Table, snapshot_id: int | None = None) -> list[str]:
    return sorted(table.scan(snapshot_id=snapshot_id).to_arrow().column("event_id").to_pylist())


def test_spec_tables_are_iceberg_tables_in_the_platform_glue_database(lakehouse, aws) -> None:
    names, catalog = lakehouse
    glue_tables = {
        t["Name"]: t for t in aws("glue").get_tables(DatabaseName=names.glue_database)["TableList"]
    }
    assert {s.name for s in tables.ALL_TABLES} <= set(glue_tables)
    for spec in tables.ALL_TABLES:
        params = glue_tables[spec.name]["Parameters"]
        assert params["table_type"] == "ICEBERG", spec.name
        metadata = params["metadata_location"]
        assert metadata.startswith(f"s3://{names.processed_bucket}/warehouse/"), metadata
        key = metadata.removeprefix(f"s3://{names.processed_bucket}/")
        written = json.loads(aws("s3").get_object(Bucket=names.processed_bucket, Key=key)["Body"].read())
        assert written["location"] == catalog.load_table(f"{names.glue_database}.{spec.name}").location()

    def partitioning(name: str) -> list[tuple[str, str]]:
        table = catalog.load_table(f"{names.glue_database}.{name}")
        schema = table.schema()
        return [(schema.find_column_name(f.source_id) or "", str(f.transform)) for f in table.spec().fields]

    assert partitioning("raw_trades") == [("timestamp", "day"), ("symbol", "identity")]
    assert partitioning("anomaly_alerts") == [("detected_at", "day"), ("alert_type", "identity")]
    assert partitioning("exchange_spreads") == [("window_start", "day"), ("symbol", "identity")]


def test_append_is_idempotent_per_batch_id_and_time_travel_reads_the_earlier_snapshot(lakehouse) -> None:
    names, catalog = lakehouse
    raw = catalog.load_table(f"{names.glue_database}.raw_trades")
    day1 = datetime(2026, 11, 24, 23, 59, 59, tzinfo=UTC)
    day2 = datetime(2026, 11, 25, 0, 0, 1, tzinfo=UTC)

    assert append_batch(raw, _batch(_trade("a", day1), _trade("b", day2, "ETH-USDT", 3_000.0)), WRITER, 7)
    first = raw.current_snapshot()
    assert first is not None and first.summary is not None
    assert first.summary.get("ctc.batch-id") == "7"
    assert not append_batch(raw, _batch(_trade("a", day1)), WRITER, 7)  # replayed micro-batch
    assert append_batch(raw, _batch(_trade("c", day2)), WRITER, 8)

    reloaded = catalog.load_table(f"{names.glue_database}.raw_trades")  # what Glue points at now
    assert len(reloaded.snapshots()) == 2
    assert _event_ids(reloaded) == ["a", "b", "c"]
    assert _event_ids(reloaded, first.snapshot_id) == ["a", "b"]
    second = reloaded.current_snapshot()
    assert second is not None
    as_of = reloaded.snapshot_as_of_timestamp(second.timestamp_ms - 1)
    assert as_of is not None and as_of.snapshot_id == first.snapshot_id
    # hidden partitioning: a data file per (day, symbol): (24th, BTC), (25th, ETH), (25th, BTC)
    partitions = [
        (f["partition"]["timestamp_day"], f["partition"]["symbol_identity"])
        for f in reloaded.inspect.files().to_pylist()
    ]
    assert len(partitions) == len(set(partitions)) == 3
    assert sorted(symbol for _, symbol in partitions) == ["BTC-USDT", "BTC-USDT", "ETH-USDT"]


def test_schema_evolution_adds_a_column_without_rewriting_data(lakehouse) -> None:
    names, catalog = lakehouse
    alerts = catalog.load_table(f"{names.glue_database}.anomaly_alerts")
    row: dict[str, Any] = dict.fromkeys(tables.ANOMALY_ALERTS.schema.names)
    row |= {"alert_id": "x1", "alert_type": "whale_trade", "symbol": "BTC-USDT", "severity": "high"}
    row |= {"detected_at": datetime(2026, 11, 25, 12, tzinfo=UTC), "details": "{}"}
    assert append_batch(alerts, conform(pa.Table.from_pylist([row]), tables.ANOMALY_ALERTS), WRITER, 1)
    before = alerts.current_snapshot()
    files_before = sorted(alerts.inspect.files().column("file_path").to_pylist())

    with alerts.update_schema() as update:
        update.add_column("analyst_note", StringType(), doc="added after the fact")

    evolved = catalog.load_table(f"{names.glue_database}.anomaly_alerts")
    assert evolved.schema().find_field("analyst_note").optional
    assert evolved.current_snapshot() == before  # metadata-only change: no new snapshot
    assert sorted(evolved.inspect.files().column("file_path").to_pylist()) == files_before
    assert evolved.scan().to_arrow().column("analyst_note").to_pylist() == [None]
    # the running job keeps writing its (older) schema after the ALTER
    row2 = row | {"alert_id": "x2"}
    assert append_batch(evolved, conform(pa.Table.from_pylist([row2]), tables.ANOMALY_ALERTS), WRITER, 2)
    assert sorted(evolved.scan().to_arrow().column("alert_id").to_pylist()) == ["x1", "x2"]


def test_glue_commits_are_guarded_by_the_table_version(lakehouse, aws) -> None:
    """A commit based on a stale Glue table version is refused (ConcurrentModificationException)."""
    names, _ = lakehouse
    glue = aws("glue")
    current = glue.get_table(DatabaseName=names.glue_database, Name="whale_trades")["Table"]
    version = int(current["VersionId"])
    table_input = {
        k: current[k] for k in ("Name", "StorageDescriptor", "TableType", "Parameters") if k in current
    }
    with pytest.raises(ClientError) as refused:
        glue.update_table(
            DatabaseName=names.glue_database, TableInput=table_input, VersionId=str(version - 1)
        )
    assert refused.value.response["Error"]["Code"] == "ConcurrentModificationException"
    glue.update_table(DatabaseName=names.glue_database, TableInput=table_input, VersionId=str(version))
    after = glue.get_table(DatabaseName=names.glue_database, Name="whale_trades")["Table"]
    assert int(after["VersionId"]) == version + 1


def test_review_glue_checks_see_the_tables_as_iceberg_parquet(lakehouse, endpoint_url) -> None:
    from coattail.review.checks._registry import checks_by_id, load_checks
    from coattail.review.collectors.live import LiveOptions, collect_live
    from coattail.review.collectors.live.specs.storage import GLUE_DATABASES, GLUE_TABLES
    from coattail.review.model import Status

    names, _ = lakehouse
    inventory = collect_live(
        LiveOptions(endpoint_url=endpoint_url, specs=(GLUE_DATABASES, GLUE_TABLES))
    ).inventory
    ours = {s.name for s in tables.ALL_TABLES}
    seen = {t.name: t for t in inventory.glue_tables if t.database == names.glue_database}
    assert ours <= set(seen)
    assert all(seen[name].is_iceberg for name in ours)

    checks = checks_by_id(load_checks())
    iceberg = checks["glue_iceberg_tables"].run(
        inventory,
        {"database": names.glue_database, "tables": sorted(ours), "require_tables": True},
    )
    columnar = checks["glue_tables_columnar_format"].run(inventory, {"required": True})
    for findings in (iceberg, columnar):
        mine = [
            f for f in findings if any(f.resource_id.endswith(f"/{names.glue_database}/{n}") for n in ours)
        ]
        assert len(mine) == len(ours), findings
        assert {f.status for f in mine} == {Status.PASS}, [f.message for f in mine]
    assert {f.status for f in iceberg} == {Status.PASS}, [f.message for f in iceberg]
