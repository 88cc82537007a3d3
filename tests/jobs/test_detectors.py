"""Detector logic on small frames with hand-computed expectations."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from pyspark.sql import functions as F
from pyspark.testing import assertDataFrameEqual

from coattail.jobs.alerts import AlertContext
from coattail.jobs.detectors.spread import spread_alerts, spreads, vwap_windows
from coattail.jobs.detectors.volume import score_volume, volume_alerts, volume_windows
from coattail.jobs.detectors.whale import flag_whales, whale_alerts
from coattail.jobs.quality import gate, passed

from .conftest import make_trade

pytestmark = pytest.mark.spark
T0 = datetime(2026, 11, 25, 12, 0, 0, tzinfo=UTC)
SYMBOLS = ("BTC-USDT", "ETH-USDT", "SOL-USDT")
CTX = AlertContext(pipeline_version="test-1", ttl_hours=24)


@pytest.fixture()
def trades(source_frame):
    def make(events):
        return source_frame(events).transform(gate(SYMBOLS)).transform(passed)

    return make


def naive(ts: datetime) -> datetime:
    return ts.replace(tzinfo=None)


def test_whale_severity_tiers_use_strict_bounds(trades, pipeline_config):
    cfg = pipeline_config.detectors.whale
    events = [
        make_trade(T0, event_id="exactly-100k", price=100_000.0, quantity=1.0),
        make_trade(T0, event_id="just-above", price=100_000.0, quantity=1.00001),
        make_trade(T0, event_id="half-million+", price=50_000.0, quantity=10.5),
        make_trade(T0, event_id="million", price=50_000.0, quantity=20.0),
        make_trade(T0, event_id="two-million", price=50_000.0, quantity=40.0),
        make_trade(T0, event_id="small", price=50_000.0, quantity=0.1),
    ]
    flagged = trades(events).transform(flag_whales(cfg)).select("event_id", "severity")
    got = sorted((r.event_id, r.severity) for r in flagged.collect())
    assert got == [
        ("half-million+", "high"),
        ("just-above", "medium"),
        ("million", "high"),
        ("two-million", "critical"),
    ]


def test_whale_alert_has_base_schema_deterministic_id_and_lineage(trades, pipeline_config):
    cfg = pipeline_config.detectors.whale
    event = make_trade(T0 + timedelta(seconds=5), event_id="w1", price=60_000.0, quantity=10.0, side="sell")
    frame = trades([event]).transform(flag_whales(cfg))
    first = frame.transform(whale_alerts(cfg, CTX)).collect()
    again = frame.transform(whale_alerts(cfg, CTX)).collect()
    assert len(first) == 1
    alert = first[0]
    assert alert.alert_id == again[0].alert_id and len(alert.alert_id) == 32
    assert (alert.alert_type, alert.module_id, alert.symbol, alert.exchange, alert.severity) == (
        "whale_trade",
        "MOD-002",
        "BTC-USDT",
        "binance",
        "high",
    )
    assert alert.detected_at == naive(T0 + timedelta(seconds=5))
    assert alert.ttl_epoch == int((T0 + timedelta(seconds=5)).timestamp()) + 24 * 3600
    assert "600,000 USD" in alert.message
    details = json.loads(alert.details)
    assert details["quote_volume"] == 600_000.0
    lineage = details["_lineage"]
    assert lineage["source_event_id"] == "w1"
    assert lineage["correlation_id"] == event["correlation_id"]
    assert (lineage["module_id"], lineage["detector_name"]) == ("MOD-002", "whale-detector")
    assert lineage["config_hash"] == cfg.config_hash() and lineage["pipeline_version"] == "test-1"
    assert lineage["processed_at"].endswith("Z")


def test_volume_windows_are_tumbling_with_start_inclusive_end_exclusive(trades, pipeline_config, spark):
    cfg = pipeline_config.detectors.volume_anomaly
    events = [
        make_trade(T0, price=10.0, quantity=1.0),
        make_trade(T0 + timedelta(seconds=59, milliseconds=999), price=10.0, quantity=2.0),
        make_trade(T0 + timedelta(seconds=60), price=10.0, quantity=4.0),
        make_trade(T0 + timedelta(seconds=60), price=10.0, quantity=8.0, exchange="coinbase"),
    ]
    out = (
        trades(events)
        .transform(volume_windows(cfg))
        .select("symbol", "exchange", "window_start", "window_end", "volume", "trade_count")
    )
    m = timedelta(minutes=1)
    expected = spark.createDataFrame(
        [
            ("BTC-USDT", "binance", naive(T0), naive(T0 + m), 30.0, 2),
            ("BTC-USDT", "binance", naive(T0 + m), naive(T0 + 2 * m), 40.0, 1),
            ("BTC-USDT", "coinbase", naive(T0 + m), naive(T0 + 2 * m), 80.0, 1),
        ],
        "symbol string, exchange string, window_start timestamp, window_end timestamp, "
        "volume double, trade_count long",
    )
    assertDataFrameEqual(out, expected)


def test_volume_windows_count_a_duplicate_trade_once(trades, pipeline_config):
    cfg = pipeline_config.detectors.volume_anomaly
    twice = make_trade(T0, event_id="dup", price=10.0, quantity=1.0)
    out = trades([twice, twice]).transform(volume_windows(cfg)).collect()
    assert [(r.volume, r.trade_count) for r in out] == [(10.0, 1)]


def _windows(spark, volumes: list[tuple[int, float]], exchange: str = "binance"):
    """Window rows at T0 + minute offsets with the given volumes."""
    rows = [
        (
            "BTC-USDT",
            exchange,
            naive(T0 + timedelta(minutes=m)),
            naive(T0 + timedelta(minutes=m + 1)),
            v,
            1,
            "e",
            "c",
        )
        for m, v in volumes
    ]
    return spark.createDataFrame(
        rows,
        "symbol string, exchange string, window_start timestamp, window_end timestamp, volume double, "
        "trade_count long, last_event_id string, last_correlation_id string",
    )


def test_volume_z_score_against_the_past_hour_hand_computed(spark, pipeline_config):
    cfg = pipeline_config.detectors.volume_anomaly.model_copy(update={"min_baseline_windows": 3})
    # minute -61 is outside the 1 h baseline of minute 0 and must not count
    frame = _windows(spark, [(-61, 1_000.0), (-3, 10.0), (-2, 12.0), (-1, 14.0), (0, 19.0)])
    scored = {r.window_start: r for r in frame.transform(score_volume(cfg)).collect()}
    now = scored[naive(T0)]
    # baseline 10, 12, 14: mean 12, sample stddev 2 -> z = (19 - 12) / 2 = 3.5
    assert (now.baseline_windows, now.baseline_mean, now.baseline_stddev) == (3, 12.0, 2.0)
    assert now.z_score == pytest.approx(3.5)
    # minute -2 sees only minutes -61 and -3: too few past windows -> no score
    assert scored[naive(T0 - timedelta(minutes=2))].baseline_windows == 2
    assert scored[naive(T0 - timedelta(minutes=2))].z_score is None


def test_volume_severity_tiers_and_sign(spark, pipeline_config):
    cfg = pipeline_config.detectors.volume_anomaly.model_copy(update={"min_baseline_windows": 3})
    base = [(-3, 10.0), (-2, 12.0), (-1, 14.0)]
    cases = {
        17.0: None,
        17.001: "medium",
        19.0: "medium",
        19.001: "high",
        4.999: "high",
        6.0: "medium",
        7.0: None,
    }
    frames = [_windows(spark, [*base, (0, v)], exchange=f"x{i}") for i, v in enumerate(cases)]
    frame = frames[0]
    for other in frames[1:]:
        frame = frame.unionByName(other)
    alerts = frame.transform(score_volume(cfg)).transform(volume_alerts(cfg, CTX)).collect()
    got = {a.exchange: (a.severity, a.alert_type, a.detected_at) for a in alerts}
    end = naive(T0 + timedelta(minutes=1))
    expected = {
        f"x{i}": (sev, "volume_spike", end) for i, sev in enumerate(cases.values()) if sev is not None
    }
    assert got == expected


def test_volume_zero_stddev_baseline_is_not_scored(spark, pipeline_config):
    cfg = pipeline_config.detectors.volume_anomaly.model_copy(update={"min_baseline_windows": 3})
    frame = _windows(spark, [(-3, 10.0), (-2, 10.0), (-1, 10.0), (0, 1_000.0)])
    assert frame.transform(score_volume(cfg)).transform(volume_alerts(cfg, CTX)).count() == 0


def test_vwap_and_spread_sign_hand_computed(trades, pipeline_config, spark):
    cfg = pipeline_config.detectors.spread
    t = T0 + timedelta(seconds=3)
    events = [
        # binance: (100*1 + 102*3) / 4 = 101.5
        make_trade(t, price=100.0, quantity=1.0),
        make_trade(t, price=102.0, quantity=3.0),
        # coinbase: 100.0
        make_trade(t, price=100.0, quantity=2.0, exchange="coinbase"),
        # ETH: binance 99.6, coinbase 100 -> -0.4 %
        make_trade(t, symbol="ETH-USDT", price=99.6, quantity=1.0),
        make_trade(t, symbol="ETH-USDT", price=100.0, quantity=1.0, exchange="coinbase"),
        # SOL only on one exchange: no spread row
        make_trade(t, symbol="SOL-USDT", price=10.0, quantity=1.0),
    ]
    vw = trades(events).transform(vwap_windows(cfg))
    rows = {r.symbol: r for r in vw.transform(spreads(cfg)).collect()}
    assert set(rows) == {"BTC-USDT", "ETH-USDT"}
    assert (rows["BTC-USDT"].vwap_a, rows["BTC-USDT"].vwap_b) == (101.5, 100.0)
    assert rows["BTC-USDT"].spread_pct == pytest.approx(1.5)
    assert rows["ETH-USDT"].spread_pct == pytest.approx(-0.4)
    assert rows["BTC-USDT"].window_start == naive(T0) and rows["BTC-USDT"].window_end == naive(
        T0 + timedelta(seconds=30)
    )


def test_spread_alert_tiers_use_absolute_spread(spark, pipeline_config):
    cfg = pipeline_config.detectors.spread
    rows = [
        (s, naive(T0), naive(T0 + timedelta(seconds=30)), a, 100.0)
        for s, a in [("BTC-USDT", 100.5), ("ETH-USDT", 99.4), ("SOL-USDT", 97.9)]
    ]
    rows.append(
        ("BTC-USDT", naive(T0 + timedelta(seconds=30)), naive(T0 + timedelta(seconds=60)), 100.6, 100.0)
    )
    frame = spark.createDataFrame(
        rows, "symbol string, window_start timestamp, window_end timestamp, vwap_a double, vwap_b double"
    )
    frame = frame.select(
        "*",
        F.lit("binance").alias("exchange_a"),
        F.lit("coinbase").alias("exchange_b"),
        ((F.col("vwap_a") - F.col("vwap_b")) / F.col("vwap_b") * 100).alias("spread_pct"),
        F.lit("e").alias("event_a"),
        F.lit("c").alias("corr_a"),
    )
    alerts = frame.transform(spread_alerts(cfg, CTX)).collect()
    got = sorted((a.symbol, a.detected_at, a.severity, a.exchange) for a in alerts)
    # 0.5 % exactly is not above the bound; -0.6 % -> medium; -2.1 % -> critical; +0.6 % -> medium
    assert got == [
        ("BTC-USDT", naive(T0 + timedelta(seconds=60)), "medium", None),
        ("ETH-USDT", naive(T0 + timedelta(seconds=30)), "medium", None),
        ("SOL-USDT", naive(T0 + timedelta(seconds=30)), "critical", None),
    ]
    assert len({a.alert_id for a in alerts}) == 3
