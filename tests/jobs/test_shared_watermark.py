"""The three branches share one query (one global watermark), yet each window detector keeps its
own watermark delay and the duplicate rule drops nothing as late.

Volume windows are 60 s with a 30 s watermark, spread windows 30 s with 15 s (pipeline.yaml). A
trade 25 s behind the newest event time is inside the volume watermark and outside the spread one:
it must be counted by MOD-001, dropped by MOD-003, and still land in raw_trades. The run starts
with a batch holding only a malformed record, which must not move the watermark."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from coattail.jobs.config import load_config
from coattail.jobs.pipeline import Pipeline

from .conftest import files_settings, make_trade

pytestmark = [pytest.mark.emulator, pytest.mark.spark, pytest.mark.slow]
T0 = datetime(2026, 11, 25, 12, 0, 0, tzinfo=UTC)


def pair(offset_s: float) -> list[dict[str, Any]]:
    """The same trade on both exchanges (a spread row needs both), BTC at 100 x 1."""
    when = T0 + timedelta(seconds=offset_s)
    return [make_trade(when, exchange=e, price=100.0, quantity=1.0) for e in ("binance", "coinbase")]


def test_each_detector_keeps_its_own_watermark_in_the_shared_query(spark, resources, endpoint_url, tmp_path):
    config = load_config()
    assert (config.detectors.volume_anomaly.watermark, config.detectors.spread.watermark) == (
        "30 seconds",
        "15 seconds",
    )
    settings, inbox = files_settings(resources, endpoint_url, tmp_path)
    pipeline = Pipeline(spark, config, settings)
    sent: list[dict[str, Any]] = []

    def feed(step: int, *offsets: float, raw: str | None = None) -> None:
        trades = [t for o in offsets for t in pair(o)]
        sent.extend(trades)
        lines = [json.dumps(t) for t in trades] + ([raw] if raw is not None else [])
        tmp = tmp_path / f".{step}"
        tmp.write_text("\n".join(lines) + "\n")
        tmp.rename(Path(inbox) / f"{step:02d}.jsonl")
        pipeline.process_all_available()

    pipeline.start()
    try:
        feed(0, raw="{not json")  # a first batch of only a failed record moves no watermark
        feed(1, 10, 100)  # newest event time T0+100: volume watermark T0+70, spread watermark T0+85
        feed(2, 75)  # 25 s behind: volume keeps it, spread drops it
        feed(3, 200)  # closes [60, 120) for volume and [60, 90), [90, 120) for spread
        pipeline.process_all_available()
    finally:
        pipeline.stop()

    t0 = T0  # Iceberg timestamptz columns read back as aware UTC datetimes
    volume = pipeline.tables["volume_aggregates"].scan(row_filter="exchange == 'binance'").to_arrow()
    counts = dict(zip(volume["window_start"].to_pylist(), volume["trade_count"].to_pylist(), strict=True))
    assert counts == {t0: 1, t0 + timedelta(seconds=60): 2}
    spreads = pipeline.tables["exchange_spreads"].scan().to_arrow()
    starts = sorted(spreads["window_start"].to_pylist())
    assert starts == [t0, t0 + timedelta(seconds=90)]  # [60, 90) held only the late pair
    raw = pipeline.tables["raw_trades"].scan().to_arrow()["event_id"].to_pylist()
    assert sorted(raw) == sorted(t["event_id"] for t in sent)  # the duplicate rule dropped nothing
