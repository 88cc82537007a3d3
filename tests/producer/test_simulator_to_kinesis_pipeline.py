"""Simulator → producer → Kinesis (emulator): every valid trade exactly once with the right fields,
every malformed frame in the DLQ with its reason, and the counts add up."""

from __future__ import annotations

import asyncio
import hashlib
import json
import uuid
from collections import Counter
from typing import Any

import pytest

from coattail.simulator import ExchangeSimulator
from coattail.simulator.protocols import MALFORMED_KINDS

pytestmark = pytest.mark.emulator


def test_every_trade_once_every_malformed_frame_in_dlq(harness: Any, aws: Any) -> None:
    async def main() -> tuple[ExchangeSimulator, Any]:
        async with ExchangeSimulator(rate=0, heartbeat_interval=0.5) as sim:
            producer = harness.producer(sim, cloudwatch=aws("cloudwatch"))

            async def scenario() -> None:
                await sim.wait_for_clients("binance")
                await sim.wait_for_clients("coinbase")
                await sim.inject_burst(300)
                for kind in MALFORMED_KINDS:
                    await sim.inject_malformed("binance", kind)
                    await sim.inject_malformed("coinbase", kind, count=2)
                await sim.inject_whale("binance", "BTC-USDT", usd=1_500_000)
                sim.set_divergence("coinbase", "ETH-USDT", 2.0)
                await sim.inject_burst(200)

            counters = await harness.run_with_simulator(sim, producer, scenario)
            return sim, counters

    sim, counters = asyncio.run(main())

    trades = harness.trades()
    sent_trades = sim.frames("trade")
    assert len(sent_trades) >= 500  # 500 tape trades + the whale + coinbase last_match per product
    # exactly once: the multiset of (exchange, trade_id) in Kinesis equals what the simulator delivered
    assert sorted((t["exchange"], t["trade_id"]) for t in trades) == harness.trade_frames_by_key(sim)
    assert len({t["event_id"] for t in trades}) == len(trades)

    by_key = {(f.exchange, f.trade_id): json.loads(f.text) for f in sent_trades}
    for event in trades:
        frame = by_key[(event["exchange"], event["trade_id"])]
        _check_fields(event, frame)

    whale = [t for t in trades if t["quote_volume"] > 1_000_000]
    assert len(whale) == 1 and whale[0]["symbol"] == "BTC-USDT" and whale[0]["exchange"] == "binance"

    dlq = harness.dlq()
    malformed = sim.frames("malformed")
    assert len(malformed) == 3 * len(MALFORMED_KINDS)
    assert Counter((d["exchange"], d["reason"]) for d in dlq) == Counter(
        (f.exchange, f.reason) for f in malformed
    )
    assert sorted(d["raw"] for d in dlq) == sorted(f.text for f in malformed)
    assert all(d["error"] and d["received_at"].endswith("Z") for d in dlq)

    # counts add up: frames in = events + control + DLQ, per exchange; everything parsed was written
    assert counters.balanced()
    assert counters.events_out == sum(counters.events.values()) == len(trades)
    assert counters.dlq_out == sum(counters.rejected.values()) == len(dlq)
    assert counters.control["coinbase"] >= 1  # subscriptions (+ heartbeats)

    names = {
        m["MetricName"] for m in aws("cloudwatch").list_metrics(Namespace="CryptoPulse/Producer")["Metrics"]
    }
    assert {"MessagesIn", "EventsOut", "DLQCount", "Reconnects", "PutLatency"} <= names


def _check_fields(event: dict[str, Any], frame: dict[str, Any]) -> None:
    assert set(event) - {"_pk"} == {
        "event_id",
        "exchange",
        "symbol",
        "price",
        "quantity",
        "quote_volume",
        "side",
        "timestamp",
        "ingestion_timestamp",
        "correlation_id",
        "trade_id",
    }
    uuid.UUID(event["event_id"], version=4)
    assert event["_pk"] == event["symbol"]
    if event["exchange"] == "binance":
        data = frame["data"]
        assert event["symbol"] == data["s"][:-4] + "-USDT"
        assert event["price"] == float(data["p"]) and event["quantity"] == float(data["q"])
        assert event["side"] == ("sell" if data["m"] else "buy")
    else:
        assert event["symbol"] == frame["product_id"].replace("-USD", "-USDT")
        assert event["price"] == float(frame["price"]) and event["quantity"] == float(frame["size"])
        assert event["side"] == ("buy" if frame["side"] == "sell" else "sell")
        assert event["timestamp"] == frame["time"][:23] + "Z"
    assert event["quote_volume"] == pytest.approx(event["price"] * event["quantity"], rel=1e-12)
    digest = hashlib.sha256(f"{event['exchange']}{event['symbol']}{event['timestamp']}".encode()).hexdigest()
    assert event["correlation_id"] == digest[:16]
    assert len(event["timestamp"]) == len(event["ingestion_timestamp"]) == 24
