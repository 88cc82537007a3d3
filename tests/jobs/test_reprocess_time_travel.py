"""Iceberg time travel for reprocessing, and schema evolution without a rewrite (local catalog)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyarrow as pa
import pytest
from pyiceberg.types import StringType

from coattail.jobs.batch.reprocess import detect_all, reprocess
from coattail.jobs.sinks import tables
from coattail.jobs.sinks.iceberg import CatalogSettings, append_batch, conform, ensure_tables, open_catalog

pytestmark = [pytest.mark.spark, pytest.mark.clock]  # time travel reads snapshots as of now
T0 = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
NS = "ctc_dev_lakehouse"


def raw_rows(trades: list[tuple[str, str, str, float, float, datetime]]) -> pa.Table:
    rows = [
        {
            "event_id": eid,
            "exchange": ex,
            "symbol": sym,
            "price": p,
            "quantity": q,
            "quote_volume": p * q,
            "side": "buy",
            "timestamp": ts,
            "ingestion_timestamp": ts.isoformat(),
            "correlation_id": eid[:16],
            "trade_id": eid,
            "is_late": False,
            "quote_volume_mismatch": False,
            "arrival_time": ts,
            "shard_id": "shardId-000000000000",
            "sequence_number": "1",
        }
        for eid, ex, sym, p, q, ts in trades
    ]
    return pa.Table.from_pylist(rows, schema=tables.RAW_TRADES.schema)


@pytest.fixture()
def catalog(tmp_path):
    cat = open_catalog(CatalogSettings(kind="sql", namespace=NS, warehouse=str(tmp_path / "wh")))
    ensure_tables(cat, NS)
    return cat


def test_reprocess_at_snapshot_and_timestamp_compares_with_stream_alerts(spark, catalog, pipeline_config):
    raw = catalog.load_table(f"{NS}.raw_trades")
    first = raw_rows(
        [
            ("small-1", "binance", "BTC-USDT", 50_000.0, 0.1, T0),
            ("whale-1", "binance", "BTC-USDT", 50_000.0, 4.0, T0 + timedelta(seconds=5)),
        ]
    )
    assert append_batch(raw, first, "test", 1)
    snap1 = raw.current_snapshot()
    assert not append_batch(raw, first, "test", 1)  # a replayed batch is skipped
    second = raw_rows([("whale-2", "coinbase", "ETH-USDT", 3_000.0, 400.0, T0 + timedelta(minutes=1))])
    assert append_batch(raw, second, "test", 2)
    assert len(raw.scan().to_arrow()) == 3

    # what the stream wrote for the first snapshot's data
    trades1 = spark.createDataFrame(raw.scan(snapshot_id=snap1.snapshot_id).to_arrow()).withColumnRenamed(
        "timestamp", "event_time"
    )
    stream_alerts = detect_all(trades1, pipeline_config).toArrow()
    assert stream_alerts.num_rows == 1
    append_batch(
        catalog.load_table(f"{NS}.anomaly_alerts"), conform(stream_alerts, tables.ANOMALY_ALERTS), "s", 0
    )

    at_snap1 = reprocess(spark, catalog, NS, pipeline_config, snapshot_id=snap1.snapshot_id, run_id="r1")
    assert (at_snap1.trades, at_snap1.reprocessed, at_snap1.matched) == (2, 1, 1)
    assert at_snap1.only_reprocessed == [] and at_snap1.only_stream == []

    as_of_now = reprocess(spark, catalog, NS, pipeline_config, as_of=datetime.now(UTC), run_id="r2")
    assert as_of_now.source_snapshot_id == raw.current_snapshot().snapshot_id
    assert (as_of_now.trades, as_of_now.reprocessed, as_of_now.matched) == (3, 2, 1)
    assert len(as_of_now.only_reprocessed) == 1 and as_of_now.reprocessed_by_type == {"whale_trade": 2}

    out = catalog.load_table(f"{NS}.anomalies_reprocessed").scan().to_arrow()
    assert sorted(set(out["reprocess_run_id"].to_pylist())) == ["r1", "r2"] and out.num_rows == 3

    with pytest.raises(LookupError):
        reprocess(spark, catalog, NS, pipeline_config, as_of=T0 - timedelta(days=3650))
    with pytest.raises(ValueError, match="exactly one"):
        reprocess(spark, catalog, NS, pipeline_config)


def test_adding_a_column_rewrites_no_data(catalog):
    raw = catalog.load_table(f"{NS}.raw_trades")
    append_batch(raw, raw_rows([("e1", "binance", "BTC-USDT", 1.0, 1.0, T0)]), "test", 1)
    files_before = sorted(raw.inspect.files()["file_path"].to_pylist())
    snapshot_before = raw.current_snapshot().snapshot_id

    with raw.update_schema() as update:
        update.add_column("venue_region", StringType(), doc="added later")

    raw.refresh()
    assert raw.current_snapshot().snapshot_id == snapshot_before  # metadata only: no new snapshot
    assert sorted(raw.inspect.files()["file_path"].to_pylist()) == files_before
    old = raw.scan().to_arrow()
    assert old.column_names[-1] == "venue_region" and old["venue_region"].to_pylist() == [None]
    # the pipeline's writer keeps working on the evolved table (the new column stays null)
    assert append_batch(raw, raw_rows([("e2", "binance", "BTC-USDT", 1.0, 1.0, T0)]), "test", 2)
    assert sorted(raw.scan().to_arrow()["event_id"].to_pylist()) == ["e1", "e2"]
