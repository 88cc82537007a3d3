"""Producer throughput: parse + normalise + batch on one core, and simulator → producer → emulator.

Usage: python benchmarks/producer_throughput.py [--messages 200000] [--e2e-trades 5000] [--endpoint-url URL]
Without --endpoint-url an emulator process is started for the end-to-end figure (--skip-e2e to skip).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import tempfile
import time
import uuid

from coattail.producer.app import Producer, Streams, simulator_urls
from coattail.producer.batching import Batch, trade_record
from coattail.producer.config import load_config
from coattail.producer.connectors import binance, coinbase
from coattail.producer.events import Trade, now_iso
from coattail.producer.symbols import SymbolMap
from coattail.simulator import ExchangeSimulator
from coattail.simulator.protocols import binance_trade, coinbase_match
from coattail.simulator.tape import generate_trades

SYMBOLS = ("BTC-USDT", "ETH-USDT", "SOL-USDT")


def frames(count: int) -> list[tuple[str, str]]:
    """Distinct real-format frames (ids and times advance), half per exchange."""
    tape = generate_trades(400)
    out = []
    base_ms = int(time.time() * 1000)
    for i in range(count):
        t = tape[i % len(tape)]
        ms = base_ms + i
        if i % 2 == 0:
            msg = binance_trade(t.symbol, 1_000_000 + i, t.price, t.quantity, t.side, ms)
            out.append(("binance", json.dumps(msg, separators=(",", ":"))))
        else:
            msg = coinbase_match(
                t.symbol, 2_000_000 + i, 9_000_000 + i, t.price, t.quantity, t.side, ms * 1000, "match"
            )
            out.append(("coinbase", json.dumps(msg, separators=(",", ":"))))
    return out


def bench_parse_normalise_batch(count: int) -> tuple[float, float]:
    """(frames per wall-clock second, frames per CPU second of this one thread)."""
    maps = {
        "binance": SymbolMap.build("binance", SYMBOLS, {}),
        "coinbase": SymbolMap.build("coinbase", SYMBOLS, {"USD": "USDT"}),
    }
    parsers = {"binance": binance.parse, "coinbase": coinbase.parse}
    data = frames(count)
    batch, batches, events = Batch(), 0, 0
    started, cpu_started = time.perf_counter(), time.thread_time()
    for exchange, raw in data:
        result = parsers[exchange](raw, maps[exchange], now_iso())
        if isinstance(result, Trade):
            record = trade_record(result.event)
            if not batch.fits(record):
                batch.take()
                batches += 1
            batch.add(record)
            events += 1
    elapsed, cpu = time.perf_counter() - started, time.thread_time() - cpu_started
    assert events == count, f"only {events} of {count} frames became events"
    return count / elapsed, count / cpu


async def bench_end_to_end(endpoint_url: str, trades: int) -> tuple[float, int, int]:
    import boto3

    session = boto3.session.Session(region_name="us-east-1")
    kinesis = session.client("kinesis", endpoint_url=endpoint_url)
    suffix = uuid.uuid4().hex[:8]
    streams = Streams(f"bench-trades-{suffix}", f"bench-dlq-{suffix}")
    kinesis.create_stream(StreamName=streams.trades, ShardCount=2)
    kinesis.create_stream(StreamName=streams.dlq, ShardCount=1)
    try:
        async with ExchangeSimulator(rate=0) as sim:
            config = load_config(env={}).with_overrides(flush_interval=0.2, metrics_interval=600.0)
            producer = Producer(config, kinesis, streams, urls=simulator_urls(sim.url))
            task = asyncio.create_task(producer.run())
            await sim.wait_for_clients("binance")
            await sim.wait_for_clients("coinbase")
            baseline = producer.counters.events_out
            started = time.perf_counter()
            sent = await sim.inject_burst(trades)
            while producer.counters.events_out - baseline < sent:
                await asyncio.sleep(0.01)
            elapsed = time.perf_counter() - started
            producer.request_stop()
            await task
            return sent / elapsed, sent, producer.counters.entries_retried
    finally:
        for name in (streams.trades, streams.dlq):
            kinesis.delete_stream(StreamName=name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--e2e-trades", type=int, default=5_000)
    parser.add_argument("--endpoint-url")
    parser.add_argument("--skip-e2e", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")

    print(f"# producer throughput — {time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())}")
    print(
        f"# python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    runs = [bench_parse_normalise_batch(args.messages) for _ in range(3)]
    wall, cpu = max(r[0] for r in runs), max(r[1] for r in runs)
    print(
        f"parse+normalise+batch, one core, {args.messages} frames, best of 3: {cpu:,.0f} msg per CPU-second "
        f"(wall clock {wall:,.0f} msg/s on a shared machine; target >= 50,000)"
    )
    if args.skip_e2e:
        return
    emulator = None
    endpoint = args.endpoint_url
    if endpoint is None:
        from coattail.emulator.server import EmulatorServer

        emulator = EmulatorServer(port=0, log_dir=tempfile.mkdtemp(prefix="bench-emulator-"))
        emulator.start()
        endpoint = emulator.endpoint_url
    try:
        rate, sent, retried = asyncio.run(bench_end_to_end(endpoint, args.e2e_trades))
        print(
            f"end-to-end simulator -> producer -> emulator Kinesis ({sent} trades, moto): "
            f"{rate:,.0f} trades/s ({retried} entries retried)"
        )
    finally:
        if emulator is not None:
            emulator.stop()


if __name__ == "__main__":
    main()
