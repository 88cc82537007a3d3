"""One file-source streaming query: windows close at the watermark, later data is dropped."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from coattail.jobs.detectors.volume import volume_windows
from coattail.jobs.pipeline import JobSettings, SourceSettings, read_source
from coattail.jobs.quality import gate, passed
from coattail.jobs.sinks.iceberg import CatalogSettings

from .conftest import make_trade

pytestmark = [pytest.mark.spark, pytest.mark.slow]
T0 = datetime(2026, 11, 25, 12, 0, 0, tzinfo=UTC)
SYMBOLS = ("BTC-USDT", "ETH-USDT", "SOL-USDT")


def test_volume_windows_drop_data_later_than_the_watermark(spark, pipeline_config, tmp_path):
    cfg = pipeline_config.detectors.volume_anomaly  # 60 s windows, 30 s watermark
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    settings = JobSettings(
        source=SourceSettings(kind="files", path=str(inbox)),
        checkpoint_dir=str(tmp_path / "ckpt"),
        catalog=CatalogSettings(kind="sql", namespace="x", warehouse=str(tmp_path / "wh")),
        alerts_table="unused",
        raw_bucket="unused",
        trigger_seconds=1,
    )
    windows = (
        read_source(spark, settings).transform(gate(SYMBOLS)).transform(passed).transform(volume_windows(cfg))
    )
    name = f"wm_{tmp_path.name.replace('-', '_')}"
    query = (
        windows.select("window_start", "volume", "trade_count")
        .writeStream.format("memory")
        .queryName(name)
        .outputMode("append")
        .option("checkpointLocation", str(tmp_path / "ckpt"))
        .trigger(processingTime="1 second")
        .start()
    )

    def feed(step: int, *trades: dict) -> None:
        (inbox / f"{step:02d}.jsonl").write_text("\n".join(json.dumps(t) for t in trades) + "\n")
        query.processAllAvailable()

    def trade(offset_s: float, qty: float) -> dict:
        return make_trade(T0 + timedelta(seconds=offset_s), price=10.0, quantity=qty)

    try:
        feed(1, trade(10, 1.0), trade(70, 2.0))  # watermark -> 12:00:40: nothing closed yet
        assert spark.table(name).count() == 0
        feed(2, trade(120, 4.0))  # watermark -> 12:01:30: closes [12:00, 12:01)
        feed(3, trade(20, 100.0), trade(110, 8.0))  # 12:00:20 is behind the watermark: dropped
        feed(4, trade(240, 16.0))  # watermark -> 12:03:30: closes [12:01, 12:02) and [12:02, 12:03)
        query.processAllAvailable()
        got = sorted((r.window_start, r.volume, r.trade_count) for r in spark.table(name).collect())
    finally:
        query.stop()
    naive = T0.replace(tzinfo=None)
    assert got == [
        (naive, 10.0, 1),
        (naive + timedelta(minutes=1), 100.0, 2),
        (naive + timedelta(minutes=2), 40.0, 1),
    ]
