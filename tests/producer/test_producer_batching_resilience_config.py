"""Pure parts: PutRecords batch limits, backoff bounds, circuit-breaker states, configuration precedence."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from coattail.producer.batching import (
    MAX_BYTES_PER_CALL,
    Batch,
    Record,
    dlq_record,
    failed_entries,
    trade_record,
)
from coattail.producer.config import load_config
from coattail.producer.metrics import Counters, MetricsPublisher
from coattail.producer.resilience import CLOSED, HALF_OPEN, OPEN, Backoff, CircuitBreaker


def test_batch_stops_at_500_records() -> None:
    batch = Batch()
    record = Record(b"x" * 100, "BTC-USDT")
    added = 0
    while batch.fits(record):
        batch.add(record)
        added += 1
    assert added == 500 and batch.full


def test_batch_stops_at_5_mib_including_partition_keys() -> None:
    batch = Batch()
    record = Record(b"x" * (1024 * 1024 - 8), "BTC-USDT")  # exactly 1 MiB with its key
    while batch.fits(record):
        batch.add(record)
    assert len(batch) == 5 and batch.size == MAX_BYTES_PER_CALL
    with pytest.raises(ValueError, match="1 MiB"):
        Batch().add(Record(b"x" * (1024 * 1024), "BTC-USDT"))
    assert batch.take() and len(batch) == 0 and batch.size == 0


def test_failed_entries_pairs_results_with_records() -> None:
    records = [Record(b"a", "k"), Record(b"b", "k"), Record(b"c", "k")]
    response = {
        "Records": [{"SequenceNumber": "1"}, {"ErrorCode": "InternalFailure"}, {"SequenceNumber": "2"}]
    }
    assert failed_entries(records, response) == [(records[1], "InternalFailure")]
    with pytest.raises(ValueError, match="2 results for 3"):
        failed_entries(records, {"Records": response["Records"][:2]})


def test_records_partition_by_symbol_and_dlq_keeps_raw() -> None:
    event = {"symbol": "ETH-USDT", "correlation_id": "abc", "price": 1.0}
    assert trade_record(event).partition_key == "ETH-USDT"
    dlq = dlq_record("invalid_json", "coinbase", b'{"type":', "not JSON", "2025-11-25T12:00:00.000Z")
    assert json.loads(dlq.data) == {
        "reason": "invalid_json",
        "exchange": "coinbase",
        "raw": '{"type":',
        "received_at": "2025-11-25T12:00:00.000Z",
        "error": "not JSON",
    }
    huge = dlq_record("unexpected_message", None, "y" * 2_000_000, "too big", "t")
    assert huge.size < 1024 * 1024 and "truncated" in json.loads(huge.data)["error"]


def test_backoff_doubles_to_the_cap_with_jitter_inside_the_bound() -> None:
    backoff = Backoff(initial=1.0, maximum=60.0, rng=random.Random(3))
    bounds = []
    for _ in range(10):
        bound = backoff.bound()
        delay = backoff.next_delay()
        assert bound / 2 <= delay <= bound
        bounds.append(bound)
    assert bounds == [1, 2, 4, 8, 16, 32, 60, 60, 60, 60]
    backoff.reset()
    assert backoff.bound() == 1.0


def test_circuit_breaker_opens_cools_down_and_half_opens() -> None:
    now = [0.0]
    breaker = CircuitBreaker(threshold=3, cooldown=30.0, clock=lambda: now[0])
    for _ in range(2):
        breaker.record_failure()
    assert breaker.state == CLOSED
    breaker.record_failure()
    assert breaker.state == OPEN and not breaker.allows_attempt()
    assert breaker.remaining_cooldown() == 30.0
    now[0] = 31.0
    assert breaker.state == HALF_OPEN and breaker.allows_attempt()
    breaker.record_failure()  # the trial failed: open again for a full cool-down
    assert breaker.state == OPEN and breaker.remaining_cooldown() == 30.0
    now[0] = 62.0
    assert breaker.state == HALF_OPEN
    breaker.record_success()
    assert breaker.state == CLOSED and breaker.failures == 0
    assert breaker.transitions == [OPEN, HALF_OPEN, OPEN, HALF_OPEN, CLOSED]


def test_config_precedence_file_then_ssm_then_environment(tmp_path: Path) -> None:
    packaged = load_config(env={})
    assert packaged.symbols == ("BTC-USDT", "ETH-USDT", "SOL-USDT")
    assert packaged.connectors == ("binance", "coinbase")
    assert packaged.quote_mapping["coinbase"] == {"USD": "USDT"}
    assert (packaged.backoff_initial, packaged.backoff_max, packaged.flush_interval) == (1.0, 60.0, 1.0)
    path = tmp_path / "producer.yaml"
    path.write_text("symbols: [BTC-USDT]\nconnectors: [coinbase]\nwriter: {flush_interval_s: 0.5}\n")
    from_file = load_config(path, env={})
    assert from_file.symbols == ("BTC-USDT",) and from_file.flush_interval == 0.5
    with_ssm = load_config(path, ssm_symbols="ETH-USDT, sol-usdt", env={})
    assert with_ssm.symbols == ("ETH-USDT", "SOL-USDT")
    with_env = load_config(
        path, ssm_symbols="ETH-USDT", env={"CTC_SYMBOLS": "XRP-USDT", "CTC_CONNECTORS": "binance"}
    )
    assert with_env.symbols == ("XRP-USDT",) and with_env.connectors == ("binance",)
    assert with_env.sources == (str(path), "ssm:config/symbols", "env:CTC_SYMBOLS", "env:CTC_CONNECTORS")


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ("symbols: [BTCUSDT]\nconnectors: [binance]\n", "BASE-QUOTE"),
        ("symbols: [BTC-USDT]\nconnectors: [kraken]\n", "kraken"),
        ("symbols: [BTC-USDT]\nconnectors: [binance]\nwriter: {flush_interval_s: 0}\n", "flush_interval"),
        ("symbols: []\nconnectors: [binance]\n", "no symbols"),
    ],
)
def test_bad_config_is_a_clear_error(tmp_path: Path, yaml_text: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(yaml_text)
    with pytest.raises(ValueError, match=message):
        load_config(path, env={})


def test_metrics_are_deltas_between_publications() -> None:
    counters = Counters()
    counters.frames_in["binance"] += 10
    counters.events_out += 7
    counters.put_latencies_ms += [5.0, 15.0]
    publisher = MetricsPublisher(cloudwatch=None, counters=counters)
    first = {(m["MetricName"], str(m.get("Dimensions"))): m for m in publisher.metric_data()}
    assert first[("MessagesIn", "[{'Name': 'Exchange', 'Value': 'binance'}]")]["Value"] == 10
    assert first[("EventsOut", "[]")]["Value"] == 7
    assert first[("PutLatency", "None")]["StatisticValues"]["Maximum"] == 15.0
    counters.frames_in["binance"] += 2
    second = {m["MetricName"]: m for m in publisher.metric_data()}
    assert second["MessagesIn"]["Value"] == 2 and second["EventsOut"]["Value"] == 0
    assert "PutLatency" not in second


def test_trade_record_template_is_the_json_of_the_event() -> None:
    from coattail.producer.connectors import binance
    from coattail.producer.symbols import SymbolMap

    raw = (
        '{"stream":"solusdt@trade","data":{"e":"trade","E":2,"s":"SOLUSDT","t":77,"p":"240.125","q":"1e-05",'
        '"T":1764072000001,"m":false}}'
    )
    result = binance.parse(raw, SymbolMap.build("binance", ["SOL-USDT"], {}), "2025-11-25T12:00:00.002Z")
    event = result.event  # type: ignore[union-attr]
    assert json.loads(trade_record(event).data) == event
    odd = {**event, "trade_id": 'a"b'}  # not digits: the JSON encoder escapes it
    assert json.loads(trade_record(odd).data)["trade_id"] == 'a"b'


def test_json_log_lines_carry_extra_fields() -> None:
    import io
    import logging

    from coattail.producer import jsonlog

    stream = io.StringIO()
    jsonlog.configure("INFO", stream)
    logging.getLogger("producer.test").warning("retrying", extra={"correlation_ids": ["ab12"], "records": 3})
    entry = json.loads(stream.getvalue().splitlines()[-1])
    assert (entry["message"], entry["level"], entry["logger"]) == ("retrying", "WARNING", "producer.test")
    assert entry["correlation_ids"] == ["ab12"] and entry["records"] == 3
    assert entry["ts"].endswith("Z") and len(entry["ts"]) == 24
    for name in ("producer", "simulator"):  # leave logging as pytest expects it
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
        logger.setLevel(logging.NOTSET)
