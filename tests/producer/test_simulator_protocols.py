"""The exchange simulator speaks each exchange's protocol to a plain websockets client, and its control
API and background-thread API work."""

from __future__ import annotations

import asyncio
import json
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from coattail.simulator import BackgroundSimulator, ExchangeSimulator, load_tape
from coattail.simulator.tape import generate_messages, trade_from_message


def test_coinbase_handshake_subscriptions_then_last_match_then_matches_and_heartbeats() -> None:
    async def main() -> list[dict[str, Any]]:
        async with ExchangeSimulator(rate=0, heartbeat_interval=0.2) as sim, connect(sim.coinbase_url) as ws:
            await ws.send(
                json.dumps(
                    {"type": "subscribe", "product_ids": ["BTC-USD"], "channels": ["matches", "heartbeat"]}
                )
            )
            received = [json.loads(await ws.recv()) for _ in range(2)]
            await sim.wait_for_clients("coinbase")
            await sim.inject_whale("coinbase", "BTC-USDT", usd=1_000_000)
            await sim.inject_whale("coinbase", "ETH-USDT", usd=1_000_000)  # not subscribed: not sent
            while len(received) < 5:
                received.append(json.loads(await ws.recv()))
            return received

    messages = asyncio.run(main())
    assert messages[0] == {
        "type": "subscriptions",
        "channels": [
            {"name": "heartbeat", "product_ids": ["BTC-USD"]},
            {"name": "matches", "product_ids": ["BTC-USD"]},
        ],
    }
    assert messages[1]["type"] == "last_match" and messages[1]["product_id"] == "BTC-USD"
    matches = [m for m in messages[2:] if m["type"] == "match"]
    assert matches and all(m["product_id"] == "BTC-USD" for m in matches)
    assert float(matches[0]["price"]) * float(matches[0]["size"]) == pytest.approx(1_000_000, rel=1e-4)
    assert matches[0]["time"].endswith("Z") and len(matches[0]["time"]) == 27
    assert any(m["type"] == "heartbeat" for m in messages[2:])


def test_coinbase_bad_subscribe_gets_an_error_message() -> None:
    async def main() -> dict[str, object]:
        async with ExchangeSimulator(rate=0) as sim, connect(sim.coinbase_url) as ws:
            await ws.send(
                json.dumps({"type": "subscribe", "product_ids": ["BTC-USD"], "channels": ["level2"]})
            )
            return dict(json.loads(await ws.recv()))

    error = asyncio.run(main())
    assert error["type"] == "error" and "matches" in str(error["reason"])


def test_binance_combined_stream_only_sends_requested_streams() -> None:
    async def main() -> list[dict[str, Any]]:
        async with (
            ExchangeSimulator(rate=0) as sim,
            connect(f"{sim.binance_url}/stream?streams=ethusdt@trade") as ws,
        ):
            await sim.wait_for_clients("binance")
            await sim.inject_burst(60)
            got = []
            for _ in range(len(sim.frames("trade", "binance"))):
                got.append(json.loads(await ws.recv()))
            return got

    messages = asyncio.run(main())
    assert messages and all(m["stream"] == "ethusdt@trade" and m["data"]["s"] == "ETHUSDT" for m in messages)
    assert all(set(m["data"]) >= {"e", "E", "s", "t", "p", "q", "T", "m"} for m in messages)


def test_refused_handshake_and_control_api_over_http() -> None:
    with BackgroundSimulator(rate=0) as bg:
        base = bg.control_url
        status = json.loads(urllib.request.urlopen(f"{base}/refuse?exchange=coinbase").read())
        assert status["refusing"] == ["coinbase"]

        async def try_connect() -> int:
            try:
                async with connect(bg.coinbase_url):
                    return 101
            except InvalidStatus as exc:
                return exc.response.status_code

        assert asyncio.run(try_connect()) == 503
        assert bg.refused_handshakes["coinbase"] == 1
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(f"{base}/explode")
        assert err.value.code == 400 and "unknown action" in err.value.read().decode()
        divergence = json.loads(urllib.request.urlopen(f"{base}/divergence?exchange=coinbase&pct=1.5").read())
        assert divergence["divergence"] == {"coinbase:BTC-USDT": 1.5}


def test_tape_round_trips_and_bad_tapes_are_named(tmp_path: Path) -> None:
    shipped = load_tape()
    assert len(shipped) == 400 and {t.exchange for t in shipped} == {"binance", "coinbase"}
    assert shipped == [trade_from_message(m) for m in generate_messages(400)]  # the file is the generator's
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"type":"ticker"}\n')
    with pytest.raises(ValueError, match=r"bad\.jsonl:1"):
        load_tape(bad)


@pytest.mark.emulator
def test_background_simulator_and_producer_for_synchronous_callers(harness: Any, endpoint_url: str) -> None:
    from coattail.producer.background import BackgroundProducer

    streams = harness.streams
    with BackgroundSimulator(rate=0) as sim:
        with BackgroundProducer.for_simulator(
            sim.url, endpoint_url, streams.trades, streams.dlq, flush_interval=0.2
        ) as producer:
            producer.wait_connected()
            assert sim.inject_whale("binance", "BTC-USDT", usd=2_000_000) == 1
            sim.inject_malformed("coinbase", "missing_field")
            producer.wait_written(len(harness.trade_frames_by_key(sim)), dlq=1)
        counters = producer.counters
    whales = [t for t in harness.trades() if t["quote_volume"] > 1_000_000]
    assert len(whales) == 1 and whales[0]["quote_volume"] == pytest.approx(2_000_000, rel=1e-4)
    assert [d["reason"] for d in harness.dlq()] == ["missing_field"]
    assert counters.balanced()
