"""The six quality rules on small frames."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from pyspark.sql import functions as F
from pyspark.testing import assertDataFrameEqual

from coattail.jobs.quality import (
    dlq_records,
    drop_duplicate_events,
    flag_late,
    flag_quote_volume,
    gate,
    passed,
)

from .conftest import make_trade

pytestmark = pytest.mark.spark
T0 = datetime(2026, 11, 25, 12, 0, 0, tzinfo=UTC)
SYMBOLS = ("BTC-USDT", "ETH-USDT", "SOL-USDT")


def test_rules_one_to_three_route_each_record_with_its_first_failing_reason(source_frame):
    good = make_trade(T0, event_id="good")
    payloads = [
        good,
        "{not json",
        "[1, 2, 3]",
        make_trade(T0, event_id="m-price", price="abc"),
        make_trade(T0, event_id="m-ts", timestamp="yesterday"),
        # malformed wins over incomplete (rule order)
        {k: v for k, v in make_trade(T0, quantity="many").items() if k != "event_id"},
        {k: v for k, v in make_trade(T0).items() if k != "event_id"},
        make_trade(T0, event_id="no-symbol", symbol=None),
        make_trade(T0, event_id="zero-price", price=0.0),
        make_trade(T0, event_id="neg-qty", quantity=-1.0),
        make_trade(T0, event_id="doge", symbol="DOGE-USDT"),
        # incomplete wins over invalid
        make_trade(T0, event_id="   ", price=-5.0),
    ]
    out = source_frame(payloads).transform(gate(SYMBOLS)).select("data", "dlq_reason", "dlq_error")
    got = [(r.dlq_reason, r.dlq_error) for r in out.collect()]
    assert got == [
        (None, None),
        ("malformed", "not a JSON object"),
        ("malformed", "not a JSON object"),
        ("malformed", "price is not a number"),
        ("malformed", "timestamp is not ISO-8601"),
        ("malformed", "quantity is not a number"),
        ("incomplete", "event_id is missing"),
        ("incomplete", "symbol is missing"),
        ("invalid", "price must be > 0"),
        ("invalid", "quantity must be > 0"),
        ("invalid", "symbol is not configured"),
        ("incomplete", "event_id is missing"),
    ]


def test_passed_records_are_typed(source_frame):
    trade = make_trade(T0 + timedelta(milliseconds=123), event_id="e1", price=50_000.5, quantity=0.25)
    row = source_frame([trade]).transform(gate(SYMBOLS)).transform(passed).collect()[0]
    assert (row.price, row.quantity, row.quote_volume) == (50_000.5, 0.25, 12_500.125)
    assert row.event_time == (T0 + timedelta(milliseconds=123)).replace(tzinfo=None)


def test_filtering_passed_records_parses_each_payload_once(source_frame):
    """Pushed below the gate, the ``passed`` filter used to inline ``from_json`` ~50 times."""
    frame = source_frame([make_trade(T0)]).transform(gate(SYMBOLS))
    for shape in (frame.transform(passed), frame.transform(passed).select("event_id", "price")):
        plan = shape._jdf.queryExecution().optimizedPlan().toString()
        assert plan.count("from_json(") == 1, plan
        assert shape.count() == 1


def test_dlq_records_keep_raw_payload_and_reason(source_frame):
    out = source_frame(["{oops", make_trade(T0, price=-1.0, exchange="coinbase")]).transform(gate(SYMBOLS))
    records = dlq_records(out).collect()
    assert [(r.reason, r.raw[:5], r.exchange, r.dt) for r in records] == [
        ("malformed", "{oops", None, "2026-11-25"),
        ("invalid", json.dumps(make_trade(T0))[:5], "coinbase", "2026-11-25"),
    ]


def test_duplicate_event_ids_are_dropped_keeping_one(source_frame):
    a, b = make_trade(T0, event_id="a"), make_trade(T0, event_id="b")
    frame = source_frame([a, b, a, a, "{bad", "{bad"]).transform(gate(SYMBOLS))
    deduped = frame.transform(drop_duplicate_events("1 hour"))
    # the two identical malformed records are distinct arrivals: both kept for the DLQ
    assert sorted(r[0] for r in deduped.select(F.coalesce("event_id", "dlq_reason")).collect()) == [
        "a",
        "b",
        "malformed",
        "malformed",
    ]


def test_late_flag_is_relative_to_processing_time(source_frame, spark):
    now = T0
    trades = [
        make_trade(now - timedelta(seconds=299), event_id="fresh"),
        make_trade(now - timedelta(seconds=301), event_id="late"),
    ]
    out = (
        source_frame(trades)
        .transform(gate(SYMBOLS))
        .transform(flag_late(300, now=F.lit(now)))
        .select("event_id", "is_late")
    )
    assertDataFrameEqual(
        out, spark.createDataFrame([("fresh", False), ("late", True)], "event_id string, is_late boolean")
    )


def test_quote_volume_mismatch_is_a_warning_not_a_failure(source_frame, spark):
    trades = [
        make_trade(T0, event_id="exact", price=100.0, quantity=2.0),
        make_trade(T0, event_id="within", price=100.0, quantity=2.0, quote_volume=200.19),
        make_trade(T0, event_id="off", price=100.0, quantity=2.0, quote_volume=201.0),
        make_trade(T0, event_id="missing", price=100.0, quantity=2.0, quote_volume=None),
    ]
    out = (
        source_frame(trades)
        .transform(gate(SYMBOLS))
        .transform(flag_quote_volume(0.001))
        .select("event_id", "dlq_reason", "quote_volume", "quote_volume_mismatch")
    )
    expected = spark.createDataFrame(
        [
            ("exact", None, 200.0, False),
            ("within", None, 200.19, False),
            ("off", None, 201.0, True),
            ("missing", None, 200.0, False),
        ],
        "event_id string, dlq_reason string, quote_volume double, quote_volume_mismatch boolean",
    )
    assertDataFrameEqual(out, expected)
