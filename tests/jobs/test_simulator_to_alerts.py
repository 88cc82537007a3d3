"""The real chain: exchange simulator -> producer -> Kinesis (emulator) -> Spark -> DynamoDB.

Real time, so the spread window is shortened by configuration (5 s, 2 s watermark). An injected
1.5 M USD whale must give exactly one critical whale alert; an injected coinbase ETH divergence must
give exactly one spread alert for its window; every spread alert must match an independent oracle
computed from the frames the simulator actually sent.
"""

from __future__ import annotations

import asyncio
import json
import time
from datetime import datetime
from typing import Any

import pytest

from coattail.jobs.config import load_config
from coattail.jobs.pipeline import Pipeline
from coattail.producer.app import Producer, Streams, simulator_urls
from coattail.producer.config import load_config as producer_config
from coattail.simulator import ExchangeSimulator

from .conftest import job_settings, scan_alerts, wait_for

pytestmark = [pytest.mark.emulator, pytest.mark.spark, pytest.mark.slow]
WINDOW_S = 5


def frame_trade(text: str) -> tuple[str, str, float, float, float]:
    """(exchange, canonical symbol, price, quantity, epoch seconds) of a simulator trade frame."""
    msg = json.loads(text)
    if "data" in msg:
        d = msg["data"]
        return "binance", d["s"][:-4] + "-USDT", float(d["p"]), float(d["q"]), d["T"] / 1000
    when = datetime.fromisoformat(msg["time"].replace("Z", "+00:00"))
    ms = int(when.timestamp() * 1000) / 1000  # the producer keeps milliseconds
    return "coinbase", msg["product_id"].replace("-USD", "-USDT"), float(msg["price"]), float(msg["size"]), ms


def oracle_spreads(frames: list[Any], bounds: dict[str, float]) -> dict[tuple[str, float], str]:
    """{(symbol, window start): severity} for every window whose |spread| passes a bound."""
    sums: dict[tuple[str, float, str], list[float]] = {}
    for f in frames:
        exchange, symbol, price, qty, ts = frame_trade(f.text)
        start = ts - ts % WINDOW_S
        acc = sums.setdefault((symbol, start, exchange), [0.0, 0.0])
        acc[0] += price * qty
        acc[1] += qty
    out = {}
    for (symbol, start, exchange), (pq, q) in sums.items():
        if exchange != "binance" or (symbol, start, "coinbase") not in sums:
            continue
        cpq, cq = sums[(symbol, start, "coinbase")]
        spread = abs((pq / q - cpq / cq) / (cpq / cq) * 100)
        severity = None
        for name in ("medium", "high", "critical"):
            if spread > bounds[name]:
                severity = name
        if severity:
            out[(symbol, start)] = severity
    return out


def test_simulator_producer_kinesis_spark_alerts(spark, aws, endpoint_url, resources, tmp_path):
    config = load_config(
        detectors={"spread": {"window": f"{WINDOW_S} seconds", "watermark": "2 seconds"}},
        tier="live",
        tiers={
            "live": ["MOD-002", "MOD-003"],
            "minimal": ["MOD-002"],
            "standard": ["MOD-001", "MOD-002", "MOD-003"],
        },
    )
    dlq_stream = f"{resources['stream']}-dlq"
    kinesis = aws("kinesis")
    kinesis.create_stream(StreamName=dlq_stream, ShardCount=1)
    kinesis.get_waiter("stream_exists").wait(
        StreamName=dlq_stream, WaiterConfig={"Delay": 1, "MaxAttempts": 30}
    )
    pipeline = Pipeline(spark, config, job_settings(resources, endpoint_url, tmp_path))
    pipeline.start()

    async def play() -> ExchangeSimulator:
        async with ExchangeSimulator(rate=0, heartbeat_interval=0.5) as sim:
            pconf = producer_config(env={}).with_overrides(flush_interval=0.2, metrics_interval=600.0)
            producer = Producer(
                pconf,
                kinesis,
                Streams(trades=resources["stream"], dlq=dlq_stream),
                urls=simulator_urls(sim.url),
            )
            task = asyncio.create_task(producer.run())
            await sim.wait_for_clients("binance")
            await sim.wait_for_clients("coinbase")
            await sim.inject_burst(80)
            await sim.inject_whale("binance", "BTC-USDT", usd=1_500_000)
            while not 0.3 < time.time() % WINDOW_S < 0.8:  # start the divergence at a window's beginning
                await asyncio.sleep(0.05)
            sim.set_divergence("coinbase", "ETH-USDT", 3.0)
            await sim.inject_burst(150)
            sim.set_divergence("coinbase", "ETH-USDT", 0.0)
            await asyncio.sleep(WINDOW_S + 3)
            await sim.inject_burst(40)  # moves the watermark past the divergence window
            await asyncio.sleep(1)
            producer.request_stop()
            await asyncio.wait_for(task, 60)
            return sim

    sim = asyncio.run(play())
    trades = sim.frames("trade")
    expected_spreads = oracle_spreads(trades, config.detectors.spread.severity)
    diverged = [(s, start) for (s, start) in expected_spreads if s == "ETH-USDT"]
    assert diverged, "the divergence window must be in the oracle"
    try:
        wait_for(
            lambda: (
                sum(a["alert_type"] == "spread_divergence" for a in scan_alerts(aws, resources["table"]))
                >= len(expected_spreads)
                and any(a["alert_type"] == "whale_trade" for a in scan_alerts(aws, resources["table"]))
            ),
            timeout=150,
        )
        pipeline.process_all_available()
    finally:
        pipeline.stop()

    alerts = scan_alerts(aws, resources["table"])
    whales = [(a["symbol"], a["exchange"], a["severity"]) for a in alerts if a["alert_type"] == "whale_trade"]
    assert whales == [("BTC-USDT", "binance", "critical")]
    got_spreads = {}
    for a in alerts:
        if a["alert_type"] == "spread_divergence":
            start = json.loads(a["details"])["window_start"]
            got_spreads[(a["symbol"], datetime.fromisoformat(start.replace("Z", "+00:00")).timestamp())] = a[
                "severity"
            ]
    # the last windows may still be open (no later trade moved the watermark past them)
    last_closed = max(frame_trade(f.text)[4] for f in trades) - 2 - WINDOW_S
    assert got_spreads == {k: v for k, v in expected_spreads.items() if k[1] <= last_closed}
    assert sum(1 for s, _ in got_spreads if s == "ETH-USDT") >= 1
