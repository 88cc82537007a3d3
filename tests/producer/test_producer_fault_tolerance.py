"""Fault tests against the simulator and the emulator: disconnects, silent feeds, partial PutRecords
failures with throttling and back-pressure, and a feed that never recovers."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

import pytest

from coattail.producer.resilience import OPEN
from coattail.simulator import ExchangeSimulator

pytestmark = pytest.mark.emulator


def _assert_exactly_once(harness: Any, sim: ExchangeSimulator) -> list[dict[str, Any]]:
    trades = harness.trades()
    keys = [(t["exchange"], t["trade_id"]) for t in trades]
    duplicates = [k for k, n in Counter(keys).items() if n > 1]
    assert not duplicates, f"duplicated trades: {duplicates[:5]}"
    assert sorted(keys) == harness.trade_frames_by_key(sim)
    return trades


def test_disconnect_mid_stream_reconnects_within_backoff_bound_without_loss(harness: Any) -> None:
    async def main() -> tuple[ExchangeSimulator, Any, Any]:
        async with ExchangeSimulator(rate=0, heartbeat_interval=0.5) as sim:
            producer = harness.producer(sim, backoff_initial=0.2, backoff_max=1.0)

            async def scenario() -> None:
                for exchange in ("binance", "coinbase"):
                    await sim.wait_for_clients(exchange)
                await sim.inject_burst(150)
                assert await sim.disconnect() == 2
                await sim.inject_burst(40)  # nobody listening: these are not delivered, so not expected
                for exchange in ("binance", "coinbase"):
                    await sim.wait_for_clients(exchange)
                await sim.inject_burst(150)
                await sim.disconnect("binance", abrupt=True)
                await sim.wait_for_clients("binance")
                await sim.inject_burst(100)

            counters = await harness.run_with_simulator(sim, producer, scenario)
            return sim, producer, counters

    sim, producer, counters = asyncio.run(main())
    _assert_exactly_once(harness, sim)
    assert sim.connections["binance"] == 3 and sim.connections["coinbase"] == 2
    assert counters.reconnects["binance"] == 2 and counters.reconnects["coinbase"] == 1
    for feed in producer.feeds.values():
        # each wait was inside the exponential bound of its attempt, and the bound within the 1 s cap
        assert all(d <= b <= 1.0 for d, b in zip(feed.reconnect_delays, feed.delay_bounds, strict=True))
        assert feed.breaker.state == "closed"
    assert counters.balanced() and counters.events_out == sum(counters.events.values())


def test_silent_feed_is_detected_and_reconnected(harness: Any) -> None:
    async def main() -> tuple[ExchangeSimulator, Any]:
        async with ExchangeSimulator(rate=0, heartbeat_interval=0.2) as sim:
            producer = harness.producer(sim, silence_timeout=1.0, connectors=("coinbase",))

            async def scenario() -> None:
                await sim.wait_for_clients("coinbase")
                await sim.inject_burst(20, "coinbase")
                sim.stall("coinbase")  # socket stays open; no trade, no heartbeat
                await harness.wait_until(
                    lambda: sim.connections["coinbase"] >= 2, what="reconnect after silence"
                )
                sim.stall("coinbase", on=False)
                await sim.wait_for_clients("coinbase")
                await sim.inject_burst(20, "coinbase")

            counters = await harness.run_with_simulator(sim, producer, scenario)
            return sim, counters

    sim, counters = asyncio.run(main())
    assert counters.reconnects["coinbase"] >= 1
    _assert_exactly_once(harness, sim)


def test_partial_putrecords_failures_and_throttling_are_retried_without_loss_or_duplicates(
    harness: Any,
) -> None:
    flaky = harness.FlakyKinesis(harness.kinesis, fail_every=3, throttle_every_call=4)

    async def main() -> tuple[ExchangeSimulator, Any]:
        async with ExchangeSimulator(rate=0) as sim:
            # a small buffer: while Kinesis refuses, the connectors are held back instead of dropping
            producer = harness.producer(sim, kinesis=flaky, queue_size=25, flush_interval=0.05)
            producer.events.max_records = 40

            async def scenario() -> None:
                for exchange in ("binance", "coinbase"):
                    await sim.wait_for_clients(exchange)
                await sim.inject_burst(400)
                await sim.inject_malformed("binance", "invalid_value", count=5)

            counters = await harness.run_with_simulator(sim, producer, scenario)
            return sim, counters

    sim, counters = asyncio.run(main())
    assert flaky.failed_entries > 0 and flaky.throttled_calls > 0
    assert counters.entries_retried == flaky.failed_entries
    trades = _assert_exactly_once(harness, sim)
    assert len(trades) == counters.events_out == sum(counters.events.values())
    assert len(harness.dlq()) == counters.dlq_out == 5


def test_feed_that_never_recovers_opens_its_circuit_and_the_other_feed_keeps_flowing(harness: Any) -> None:
    async def main() -> tuple[ExchangeSimulator, Any, Any]:
        async with ExchangeSimulator(rate=0) as sim:
            sim.refuse("coinbase")  # every handshake answered 503
            producer = harness.producer(
                sim, circuit_threshold=3, circuit_cooldown=600.0, backoff_initial=0.05
            )
            coinbase = producer.feeds["coinbase"]

            async def scenario() -> None:
                await sim.wait_for_clients("binance")
                await sim.inject_burst(50, "binance")
                await harness.wait_until(
                    lambda: coinbase.breaker.state == OPEN, what="coinbase circuit to open"
                )
                await sim.inject_burst(50, "binance")

            counters = await harness.run_with_simulator(sim, producer, scenario)
            return sim, producer, counters

    sim, producer, counters = asyncio.run(main())
    coinbase = producer.feeds["coinbase"]
    assert coinbase.breaker.transitions == [OPEN]
    # the open circuit stopped the attempts: exactly `threshold` handshakes reached the exchange
    assert sim.refused_handshakes["coinbase"] == 3
    assert coinbase.connections == 0 and counters.frames_in["coinbase"] == 0
    trades = _assert_exactly_once(harness, sim)
    assert len(trades) == 100 and {t["exchange"] for t in trades} == {"binance"}


def test_misconfigured_feed_fails_alone_and_the_other_keeps_flowing(harness: Any) -> None:
    async def main() -> tuple[ExchangeSimulator, Any, Any]:
        async with ExchangeSimulator(rate=0) as sim:
            producer = harness.producer(sim)
            coinbase = producer.feeds["coinbase"]
            coinbase.spec.url = f"{sim.url}/no-such-feed"  # answered 404: configuration, not retryable
            task = asyncio.create_task(producer.run())
            await harness.wait_until(lambda: coinbase.failure is not None, what="coinbase feed to fail")
            await sim.wait_for_clients("binance")
            await sim.inject_burst(60, "binance")
            await harness.wait_until(lambda: sum(producer.counters.frames_in.values()) >= len(sim.sent))
            assert not task.done()  # the producer keeps running on its healthy feed
            producer.request_stop()
            return sim, producer, await task

    sim, producer, counters = asyncio.run(main())
    assert "HTTP 404" in producer.feeds["coinbase"].failure
    assert sim.connections["coinbase"] == 0 and counters.reconnects["coinbase"] == 0
    trades = _assert_exactly_once(harness, sim)
    assert len(trades) == 60
