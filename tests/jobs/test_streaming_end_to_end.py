"""End to end on the embedded default: Kinesis (emulator) -> Spark -> DynamoDB + Iceberg + S3 DLQ +
CloudWatch, with a stop/restart from the checkpoint in the middle and a replayed micro-batch.

The trades are exchange-normalised events (the producer's output format) put with boto3, laid out so
each injected anomaly yields exactly one alert: see ``scenario``.
"""

from __future__ import annotations

import json
import statistics
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from coattail.jobs.config import load_config
from coattail.jobs.pipeline import Pipeline

from .conftest import job_settings, make_trade, scan_alerts, wait_for

pytestmark = [pytest.mark.emulator, pytest.mark.spark, pytest.mark.slow]

BTC_PRICE, TRADE_QTY = 50_000.0, 0.5  # 25k USD per BTC trade, below the whale bound
# trades per minute for BTC binance: 12 baseline minutes, minute 12 is the spike
BINANCE_TRADES = [4, 5, 4, 6, 5, 4, 5, 6, 4, 5, 5, 4, 14]
SPIKE_MINUTE = 12
DIVERGENCE_MINUTE = 5  # coinbase trades 0.8 % higher in the first half-minute


def _minute_trades(base: datetime, minute: int, n: int, **kw: Any) -> list[dict[str, Any]]:
    """n trades spread over both half-minutes of one minute."""
    start = base + timedelta(minutes=minute)
    return [make_trade(start + timedelta(seconds=1 + i * (58 / max(n, 1))), **kw) for i in range(n)]


def scenario(base: datetime) -> tuple[list[Any], list[Any], dict[str, Any]]:
    """(first half, second half, expectations). Payloads are dicts (events) or raw strings."""
    first: list[Any] = []
    second: list[Any] = []
    for minute, n in enumerate(BINANCE_TRADES):
        half = first if minute <= 6 else second
        half += _minute_trades(base, minute, n, price=BTC_PRICE, quantity=TRADE_QTY)
        cb_price = BTC_PRICE
        coinbase = _minute_trades(base, minute, 4, exchange="coinbase", price=cb_price, quantity=TRADE_QTY)
        if minute == DIVERGENCE_MINUTE:
            for t in coinbase[:2]:  # the first half-minute window
                t.update(price=50_400.0, quote_volume=50_400.0 * TRADE_QTY)
        half += coinbase
    whale_eth = make_trade(
        base + timedelta(minutes=3, seconds=10), symbol="ETH-USDT", price=3_000.0, quantity=300.0
    )
    whale_sol = make_trade(
        base + timedelta(minutes=9, seconds=5),
        symbol="SOL-USDT",
        exchange="coinbase",
        price=6_000.0,
        quantity=200.0,
    )
    first.append(whale_eth)
    second.append(whale_sol)
    malformed = ["{broken json", json.dumps(make_trade(base, price="abc"))]
    incomplete = [json.dumps({k: v for k, v in make_trade(base).items() if k != "symbol"})]
    invalid = [json.dumps(make_trade(base, price=-1.0)), json.dumps(make_trade(base, symbol="DOGE-USDT"))]
    first += malformed + incomplete
    second += invalid
    duplicates = [t for t in first if isinstance(t, dict) and t["exchange"] == "binance"][:3]
    second += duplicates
    # pushes the watermarks past every window above (minute 14 itself stays open)
    second += _minute_trades(base, 14, 2, price=BTC_PRICE, quantity=TRADE_QTY)
    second += _minute_trades(base, 14, 2, exchange="coinbase", price=BTC_PRICE, quantity=TRADE_QTY)

    # guard the design: only the spike minute passes the z bound among scored binance minutes
    volumes = [n * BTC_PRICE * TRADE_QTY for n in BINANCE_TRADES]
    for m in range(10, len(volumes)):
        past = volumes[:m]
        z = (volumes[m] - statistics.mean(past)) / statistics.stdev(past)
        assert (abs(z) > 3.5) == (m == SPIKE_MINUTE) and (abs(z) > 2.5) == (m == SPIKE_MINUTE), (m, z)
    valid = [p for p in first + second if isinstance(p, dict)]
    expect = {
        "alerts": {
            ("volume_spike", "BTC-USDT", "binance", "high"),
            ("spread_divergence", "BTC-USDT", None, "medium"),
            ("whale_trade", "ETH-USDT", "binance", "high"),
            ("whale_trade", "SOL-USDT", "coinbase", "critical"),
        },
        "total": len(first) + len(second),
        "unique_valid": len({p["event_id"] for p in valid}),
        "first_unique_valid": len({p["event_id"] for p in first if isinstance(p, dict)}),
        "dlq": {"malformed": 2, "incomplete": 1, "invalid": 2},
        "duplicates": len(duplicates),
        "raw": {"malformed": set(malformed), "incomplete": set(incomplete), "invalid": set(invalid)},
    }
    return first, second, expect


def put(kinesis: Any, stream: str, payloads: list[Any]) -> None:
    entries = []
    for p in payloads:
        data = p if isinstance(p, str) else json.dumps(p)
        key = p["symbol"] if isinstance(p, dict) and p.get("symbol") else uuid.uuid4().hex
        entries.append({"Data": data.encode(), "PartitionKey": key})
    for i in range(0, len(entries), 500):
        out = kinesis.put_records(StreamName=stream, Records=entries[i : i + 500])
        assert out["FailedRecordCount"] == 0


def test_stream_to_alerts_lakehouse_dlq_and_metrics_across_a_restart(
    spark, aws, endpoint_url, resources, tmp_path
):
    base = (datetime.now(UTC) - timedelta(minutes=20)).replace(second=0, microsecond=0)
    first, second, expect = scenario(base)
    settings = job_settings(resources, endpoint_url, tmp_path)
    config = load_config()
    kinesis = aws("kinesis")

    # run 1: the first half, then stop mid-stream (windows still open live in the checkpoint)
    put(kinesis, resources["stream"], first)
    run1 = Pipeline(spark, config, settings)
    run1.start()
    run1.process_all_available()
    published_first = run1.listener
    run1.stop()
    raw_trades = run1.tables["raw_trades"]
    raw_trades.refresh()
    snapshot_after_run1 = raw_trades.current_snapshot()
    assert snapshot_after_run1 is not None
    assert published_first is not None

    # simulate a crash after the sinks wrote but before Spark committed the batch
    ckpt = tmp_path / "checkpoint" / "stream"
    latest = max(int(p.name) for p in (ckpt / "offsets").glob("[0-9]*"))
    # a batch in flight at stop is replayed anyway; a committed one is made to replay here
    (ckpt / "commits" / str(latest)).unlink(missing_ok=True)
    (ckpt / "commits" / f".{latest}.crc").unlink(missing_ok=True)

    # run 2: the second half, from the checkpoint
    put(kinesis, resources["stream"], second)
    run2 = Pipeline(spark, config, settings)
    run2.start()
    try:
        run2.process_all_available()
        wait_for(
            lambda: (
                {a["alert_type"] for a in scan_alerts(aws, resources["table"])}
                >= {"volume_spike", "spread_divergence"}
            )
        )
        run2.process_all_available()
        listener = run2.listener
        assert listener is not None
        wait_for(
            lambda: (
                sum(c.processed for c in published_first.published + listener.published) >= expect["total"]
            ),
            60,
        )
    finally:
        run2.stop()

    # alerts: exactly one per injected anomaly, right type and severity, none duplicated
    alerts = scan_alerts(aws, resources["table"])
    got = Counter((a["alert_type"], a["symbol"], a.get("exchange"), a["severity"]) for a in alerts)
    assert got == Counter(expect["alerts"])
    for a in alerts:
        lineage = json.loads(a["details"])["_lineage"]
        assert {
            "correlation_id",
            "source_event_id",
            "module_id",
            "detector_name",
            "config_hash",
            "processed_at",
            "pipeline_version",
        } <= set(lineage)
        detected = datetime.fromisoformat(a["detected_at"].replace("Z", "+00:00"))
        assert int(a["ttl_epoch"]) == int(detected.timestamp()) + 24 * 3600
    spike = next(a for a in alerts if a["alert_type"] == "volume_spike")
    assert a_minute(spike["detected_at"], base) == SPIKE_MINUTE + 1

    # Iceberg: the alerts once (the replayed batch was skipped), every unique valid trade once
    iceberg_alerts = run2.tables["anomaly_alerts"].scan().to_arrow()
    assert sorted(iceberg_alerts["alert_id"].to_pylist()) == sorted(a["alert_id"] for a in alerts)
    raw_trades.refresh()
    rows = raw_trades.scan().to_arrow()
    assert rows.num_rows == len(set(rows["event_id"].to_pylist())) == expect["unique_valid"]
    # time travel: the snapshot of run 1 still reads run 1's trades, by id and by timestamp
    assert (
        raw_trades.scan(snapshot_id=snapshot_after_run1.snapshot_id).to_arrow().num_rows
        == expect["first_unique_valid"]
    )
    as_of = raw_trades.snapshot_as_of_timestamp(snapshot_after_run1.timestamp_ms)
    assert as_of is not None and as_of.snapshot_id == snapshot_after_run1.snapshot_id
    volume = (
        run2.tables["volume_aggregates"]
        .scan(row_filter="symbol == 'BTC-USDT' AND exchange == 'binance'")
        .to_arrow()
    )
    starts = volume["window_start"].to_pylist()
    assert len(starts) == len(set(starts)) == len(BINANCE_TRADES)
    assert (
        sorted(zip(starts, volume["trade_count"].to_pylist(), strict=True))[SPIKE_MINUTE][1]
        == BINANCE_TRADES[SPIKE_MINUTE]
    )

    # DLQ zone: each failed record under its reason, with the raw payload
    s3 = aws("s3")
    found: dict[str, set[str]] = {"malformed": set(), "incomplete": set(), "invalid": set()}
    for obj in s3.list_objects_v2(Bucket=resources["bucket"], Prefix="dlq/").get("Contents", []):
        reason = obj["Key"].split("/")[1]
        assert obj["Key"].split("/")[2].startswith("dt=")
        for line in (
            s3.get_object(Bucket=resources["bucket"], Key=obj["Key"])["Body"].read().decode().splitlines()
        ):
            record = json.loads(line)
            assert record["reason"] == reason and record["error"]
            found[reason].add(record["raw"])
    assert found == expect["raw"]

    # counts add up, and are in CloudWatch
    batches = published_first.published + listener.published
    processed = sum(c.processed for c in batches)
    failed = sum(c.failed for c in batches)
    duplicate = sum(c.duplicate for c in batches)
    passed = sum(c.passed for c in batches)
    assert processed == expect["total"]
    assert failed == sum(expect["dlq"].values())
    assert duplicate == expect["duplicates"]
    assert passed == expect["unique_valid"] == processed - failed - duplicate
    cw = aws("cloudwatch")
    dims = [{"Name": "Pipeline", "Value": settings.name}]

    def total(metric: str) -> float:
        stats = cw.get_metric_statistics(
            Namespace="CryptoPulse/Quality",
            MetricName=metric,
            Dimensions=dims,
            StartTime=datetime.now(UTC) - timedelta(hours=1),
            EndTime=datetime.now(UTC) + timedelta(minutes=5),
            Period=7200,
            Statistics=["Sum"],
        )["Datapoints"]
        return sum(d["Sum"] for d in stats)

    assert total("RecordsProcessed") == processed
    assert total("RecordsFailed") == failed
    assert total("RecordsDuplicate") == duplicate
    assert total("RecordsPassed") == passed
    assert total("RecordsLate") == passed  # every trade is ~20 min old: flagged, still processed
    names = {m["MetricName"] for m in cw.list_metrics(Namespace="CryptoPulse/Quality")["Metrics"]}
    assert {"QualityScore", "FailureRate"} <= names
    alert_names = {m["MetricName"] for m in cw.list_metrics(Namespace="CryptoPulse/Alerts")["Metrics"]}
    assert {"AnomalyCount", "WhaleCount", "SpreadAlertCount"} <= alert_names


def a_minute(iso: str, base: datetime) -> int:
    when = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    return int((when - base).total_seconds() // 60)
