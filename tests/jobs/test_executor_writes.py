"""The lakehouse's data files are written by Spark's tasks and only their list reaches the driver.

The session's driver accepts at most ``SPARK_MAX_RESULT_SIZE`` (8 MB) of task results
(tests/conftest.py). A micro-batch whose raw_trades are larger than that as Arrow would fail if it
were collected to the driver; here it completes, and a replay of it changes nothing.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from typing import Any

import pyarrow as pa
import pytest

from coattail.jobs.config import load_config
from coattail.jobs.pipeline import Pipeline
from coattail.jobs.sinks import tables
from coattail.jobs.sinks.executor_writes import FORMAT, append_from_executors, register
from coattail.jobs.sinks.iceberg import WRITER_KEY, CatalogSettings, ensure_table, open_catalog

from ..conftest import SPARK_MAX_RESULT_SIZE
from .conftest import files_settings, make_trade, scan_alerts

pytestmark = [pytest.mark.spark]

MAX_RESULT_BYTES = int(SPARK_MAX_RESULT_SIZE.removesuffix("m")) * 1024 * 1024


def _raw_rows(spark: Any, days: list[datetime], symbols: list[str]) -> Any:
    rows = [
        {
            "event_id": f"e-{d:%j}-{s}-{i}",
            "exchange": "binance",
            "symbol": s,
            "price": 100.0,
            "quantity": 1.0,
            "quote_volume": 100.0,
            "side": "buy",
            "timestamp": d + timedelta(seconds=i),
            "ingestion_timestamp": d.isoformat(),
            "correlation_id": "c",
            "trade_id": str(i),
            "is_late": False,
            "quote_volume_mismatch": False,
            "arrival_time": d,
            "shard_id": "shard-0",
            "sequence_number": str(i),
            "raw_payload_not_in_the_table": "x",
        }
        for d in days
        for s in symbols
        for i in range(3)
    ]
    return spark.createDataFrame(rows).repartition(2)


def _catalog(tmp_path: Any) -> CatalogSettings:
    return CatalogSettings(kind="sql", namespace="ns", warehouse=str(tmp_path / "wh"))


def test_tasks_write_partitioned_files_the_driver_commits_once(spark, tmp_path):
    settings = _catalog(tmp_path)
    table = ensure_table(open_catalog(settings), "ns", tables.RAW_TRADES)
    register(spark)
    days = [datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 3, 2, tzinfo=UTC)]
    frame = _raw_rows(spark, days, ["BTC-USDT", "ETH-USDT"])

    assert append_from_executors(frame, table, settings, "w", 7, rows_per_write=2)
    assert not append_from_executors(frame, table, settings, "w", 7)  # a replayed batch
    table.refresh()
    rows = table.scan().to_arrow()
    assert rows.num_rows == 12 and "raw_payload_not_in_the_table" not in rows.column_names
    assert [s.summary.get(WRITER_KEY) for s in table.snapshots() if s.summary] == ["w"]
    # each file holds one partition (day x symbol), at most rows_per_write rows... per chunk
    files = table.inspect.files().to_pylist()
    assert {(f["partition"]["timestamp_day"], f["partition"]["symbol_identity"]) for f in files} == {
        (d.date(), s) for d in days for s in ("BTC-USDT", "ETH-USDT")
    }
    assert sum(f["record_count"] for f in files) == 12 and len(files) >= 6  # chunks of 2 rows per task


def test_the_writer_names_a_bad_option(spark, tmp_path):
    settings = _catalog(tmp_path)
    table = ensure_table(open_catalog(settings), "ns", tables.RAW_TRADES)
    register(spark)
    frame = _raw_rows(spark, [datetime(2026, 3, 1, tzinfo=UTC)], ["BTC-USDT"])
    with pytest.raises(Exception, match="rowsPerWrite must be at least 1"):
        append_from_executors(frame, table, settings, "w", 1, rows_per_write=0)
    with pytest.raises(Exception, match="unknown table 'nope'"):
        frame.write.format(FORMAT).mode("append").option("catalog", json.dumps(asdict(settings))).option(
            "table", "nope"
        ).option("writer", "w").option("batchId", "1").save()
    table.refresh()
    assert table.current_snapshot() is None


def test_a_batch_larger_than_the_drivers_result_cap_completes_and_replays_exactly(
    spark, aws, endpoint_url, resources, tmp_path
):
    settings, inbox = files_settings(resources, endpoint_url, tmp_path)
    now = datetime.now(UTC).replace(microsecond=0)
    symbols, exchanges = ("BTC-USDT", "ETH-USDT", "SOL-USDT"), ("binance", "coinbase")
    n, whales = 50_000, 5
    trades = [
        make_trade(
            now - timedelta(milliseconds=n - i),
            symbol=symbols[i % 3],
            exchange=exchanges[i % 2],
            price=100.0,
            quantity=2_000.0 if i < whales else 1.0,  # 200 000 USD: a whale
        )
        for i in range(n)
    ]
    staged = tmp_path / "batch.jsonl"
    staged.write_text("\n".join(json.dumps(t) for t in trades) + "\n")
    shutil.move(staged, inbox / "batch.jsonl")  # one file: one micro-batch

    run = Pipeline(spark, load_config(), settings)
    run.start()
    try:
        run.process_all_available()
    finally:
        run.stop()
    raw = run.tables[tables.RAW_TRADES.name]
    raw.refresh()
    written = raw.scan().to_arrow()
    # the premise: collected to the driver, this batch's raw_trades alone would break the cap
    assert written.nbytes > MAX_RESULT_BYTES, written.nbytes
    assert written.num_rows == len(set(written["event_id"].to_pylist())) == n
    whale_rows = run.tables[tables.WHALE_TRADES.name].scan().to_arrow()
    assert whale_rows.num_rows == whales
    alerts_before = sorted(a["alert_id"] for a in scan_alerts(aws, resources["table"]))
    assert Counter(a["alert_type"] for a in scan_alerts(aws, resources["table"])) == {"whale_trade": whales}

    # the sinks wrote but Spark did not commit the batch: it is replayed on restart
    commits = tmp_path / "checkpoint" / "stream" / "commits"
    for name in [p.name for p in commits.iterdir()]:
        (commits / name).unlink()
    snapshots_before = len(list(raw.snapshots()))
    again = Pipeline(spark, load_config(), settings)
    again.start()
    try:
        again.process_all_available()
    finally:
        again.stop()
    raw.refresh()
    assert len(list(raw.snapshots())) == snapshots_before
    assert raw.scan().to_arrow().num_rows == n
    assert sorted(a["alert_id"] for a in scan_alerts(aws, resources["table"])) == alerts_before


def test_an_empty_frame_commits_nothing(spark, tmp_path):
    settings = _catalog(tmp_path)
    table = ensure_table(open_catalog(settings), "ns", tables.WHALE_TRADES)
    register(spark)
    empty = spark.createDataFrame([], schema=_spark_schema(tables.WHALE_TRADES.schema))
    assert not append_from_executors(empty, table, settings, "w", 1)
    table.refresh()
    assert table.current_snapshot() is None


def _spark_schema(schema: pa.Schema) -> str:
    names = {pa.string(): "string", pa.float64(): "double", tables.TS: "timestamp", pa.int64(): "bigint"}
    return ", ".join(f"{f.name} {names[f.type]}" for f in schema)


def test_small_batches_are_written_by_the_driver_large_ones_by_the_executors(tmp_path):
    from coattail.jobs.pipeline import JobSettings, SourceSettings

    def job(**kw: Any) -> JobSettings:
        return JobSettings(
            source=SourceSettings(kind="files", path=str(tmp_path)),
            checkpoint_dir=str(tmp_path),
            catalog=_catalog(tmp_path),
            alerts_table="t",
            raw_bucket="b",
            trigger_seconds=5,
            **kw,
        )

    auto = job(driver_write_max_rows=20_000)
    assert auto.writes_on_driver(20_000) and not auto.writes_on_driver(20_001)
    assert not job(trade_writes="executors").writes_on_driver(1)
    assert job(trade_writes="driver").writes_on_driver(10**9)
    with pytest.raises(ValueError, match="trade_writes must be one of"):
        job(trade_writes="sometimes")
    with pytest.raises(ValueError, match="driver_write_max_rows"):
        job(driver_write_max_rows=-1)
