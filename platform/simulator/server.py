"""The exchange simulator's WebSocket server (see the package docstring for the API)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response

from coattail.simulator.protocols import (
    MALFORMED_KINDS,
    binance_trade,
    canonical_of,
    coinbase_error,
    coinbase_heartbeat,
    coinbase_match,
    coinbase_subscriptions,
    malformed_frame,
    native,
)
from coattail.simulator.tape import TapeTrade, load_tape

log = logging.getLogger("simulator")
EXCHANGES = ("binance", "coinbase")


@dataclass(frozen=True)
class SentFrame:
    """One frame the simulator delivered to one client (the ground truth tests compare against)."""

    exchange: str
    kind: str  # trade | malformed | control
    text: str
    client: int
    trade_id: str | None = None
    symbol: str | None = None
    reason: str | None = None  # for malformed frames: the DLQ reason a correct producer gives


@dataclass(eq=False)
class _Client:
    id: int
    exchange: str
    ws: ServerConnection
    symbols: set[str]
    channels: set[str] = field(default_factory=set)


class ExchangeSimulator:
    """Binance + Coinbase protocols on one port; tape replay at ``rate`` trades/s; fault injection."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        rate: float = 20.0,
        tape: Path | Sequence[TapeTrade] | None = None,
        heartbeat_interval: float = 1.0,
        subscribe_timeout: float = 10.0,
    ) -> None:
        self.host, self.port, self.rate = host, port, rate
        self.trades = list(tape) if isinstance(tape, Sequence) else load_tape(tape)
        self.heartbeat_interval = heartbeat_interval
        self.subscribe_timeout = subscribe_timeout
        self.sent: list[SentFrame] = []
        self.connections: Counter[str] = Counter()
        self.refused_handshakes: Counter[str] = Counter()
        self.paused = rate <= 0
        self._clients: list[_Client] = []
        self._client_ids = 0
        self._cursor = 0
        self._trade_ids = {"binance": 5_000_000_000, "coinbase": 800_000_000}
        self._sequence = 95_000_000_000
        self._last: dict[tuple[str, str], tuple[TapeTrade, int]] = {}
        self._refuse: set[str] = set()
        self._stall: set[str] = set()
        self._divergence: dict[tuple[str, str], float] = {}
        self._server: Server | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self._connected = asyncio.Condition()

    # ------------------------------------------------------------------ lifecycle
    async def start(self) -> ExchangeSimulator:
        self._server = await serve(
            self._handle, self.host, self.port, process_request=self._process_request, ping_interval=20
        )
        self.port = self._server.sockets[0].getsockname()[1]
        self._tasks.append(asyncio.create_task(self._replay(), name="simulator-replay"))
        log.info("simulator listening", extra={"url": self.url, "rate": self.rate})
        return self

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None

    async def __aenter__(self) -> ExchangeSimulator:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    async def serve_forever(self) -> None:
        await self.start()
        try:
            await asyncio.Future()
        finally:
            await self.stop()

    @property
    def url(self) -> str:
        return f"ws://{self.host}:{self.port}"

    @property
    def binance_url(self) -> str:
        return f"{self.url}/binance"

    @property
    def coinbase_url(self) -> str:
        return f"{self.url}/coinbase"

    @property
    def control_url(self) -> str:
        return f"http://{self.host}:{self.port}/control"

    def clients(self, exchange: str | None = None) -> int:
        return sum(1 for c in self._clients if exchange in (None, c.exchange))

    async def wait_for_clients(self, exchange: str, count: int = 1, timeout: float = 30.0) -> None:
        """Wait until ``count`` clients of ``exchange`` are subscribed and receiving."""
        async with self._connected:
            await asyncio.wait_for(self._connected.wait_for(lambda: self.clients(exchange) >= count), timeout)

    # ------------------------------------------------------------------ ground truth
    def frames(self, kind: str | None = None, exchange: str | None = None) -> list[SentFrame]:
        return [f for f in self.sent if kind in (None, f.kind) and exchange in (None, f.exchange)]

    # ------------------------------------------------------------------ faults and injections
    def pause(self) -> None:
        self.paused = True

    def resume(self, rate: float | None = None) -> None:
        if rate is not None:
            self.rate = rate
        self.paused = self.rate <= 0

    def refuse(self, exchange: str, on: bool = True) -> None:
        """Reject new handshakes for ``exchange`` with HTTP 503 (a feed that does not recover)."""
        _check_exchange(exchange)
        (self._refuse.add if on else self._refuse.discard)(exchange)

    def stall(self, exchange: str, on: bool = True) -> None:
        """Keep connections open but send nothing, not even heartbeats (a silent feed)."""
        _check_exchange(exchange)
        (self._stall.add if on else self._stall.discard)(exchange)

    def set_divergence(self, exchange: str, symbol: str, pct: float) -> None:
        """Quote ``symbol`` on ``exchange`` ``pct`` % away from the tape (0 clears it)."""
        _check_exchange(exchange)
        self._divergence[(exchange, symbol)] = pct

    async def disconnect(self, exchange: str | None = None, *, abrupt: bool = False) -> int:
        """Close the clients of ``exchange`` (all when None): a 1012 close, or a dropped TCP connection."""
        victims = [c for c in self._clients if exchange in (None, c.exchange)]
        self._clients = [c for c in self._clients if c not in victims]  # nothing more is sent to them
        for client in victims:
            if abrupt:
                client.ws.transport.abort()
            else:
                await client.ws.close(1012, "simulated exchange restart")
        log.info(
            "disconnected clients", extra={"exchange": exchange, "count": len(victims), "abrupt": abrupt}
        )
        return len(victims)

    async def inject_burst(self, count: int, exchange: str | None = None) -> int:
        """Send the next ``count`` tape trades (of ``exchange`` when given) back to back."""
        sent = 0
        for _ in range(count):
            sent += await self._emit(self._next_trade(exchange))
        return sent

    async def inject_malformed(self, exchange: str, kind: str = "invalid_json", count: int = 1) -> int:
        if kind not in MALFORMED_KINDS:
            raise ValueError(f"unknown malformed kind {kind!r}; choose from {', '.join(MALFORMED_KINDS)}")
        _check_exchange(exchange)
        sent = 0
        for _ in range(count):
            text = malformed_frame(exchange, kind, _now_ms())
            sent += await self._broadcast(exchange, None, text, "malformed", reason=kind)
        return sent

    async def inject_whale(
        self, exchange: str = "binance", symbol: str = "BTC-USDT", usd: float = 750_000.0, side: str = "buy"
    ) -> int:
        """One trade worth ``usd`` of quote currency."""
        price = self._price_of(exchange, symbol)
        return await self._emit(TapeTrade(exchange, symbol, price, round(usd / price, 6), side))

    async def inject_volume_spike(
        self, exchange: str = "binance", symbol: str = "BTC-USDT", multiplier: float = 25.0, trades: int = 40
    ) -> int:
        """``trades`` trades ``multiplier`` times the tape's typical size, back to back."""
        price = self._price_of(exchange, symbol)
        typical = sum(t.quantity for t in self.trades if t.symbol == symbol) / max(
            1, sum(1 for t in self.trades if t.symbol == symbol)
        )
        sent = 0
        for i in range(trades):
            side = "buy" if i % 3 else "sell"
            sent += await self._emit(TapeTrade(exchange, symbol, price, round(typical * multiplier, 6), side))
        return sent

    # ------------------------------------------------------------------ emission
    def _next_trade(self, exchange: str | None = None) -> TapeTrade:
        for _ in range(len(self.trades)):
            trade = self.trades[self._cursor % len(self.trades)]
            self._cursor += 1
            if exchange in (None, trade.exchange):
                return trade
        raise ValueError(f"the tape has no {exchange} trades")

    def _price_of(self, exchange: str, symbol: str) -> float:
        last = self._last.get((exchange, symbol)) or self._last.get((_other(exchange), symbol))
        if last is not None:
            return last[0].price
        first = next((t for t in self.trades if t.symbol == symbol), None)
        if first is None:
            raise ValueError(f"no price known for {symbol}")
        return first.price

    async def _emit(self, trade: TapeTrade) -> int:
        pct = self._divergence.get((trade.exchange, trade.symbol), 0.0)
        price = round(trade.price * (1 + pct / 100), 8)
        trade = TapeTrade(trade.exchange, trade.symbol, price, trade.quantity, trade.side)
        self._trade_ids[trade.exchange] += 1
        trade_id = self._trade_ids[trade.exchange]
        self._last[(trade.exchange, trade.symbol)] = (trade, trade_id)
        text = json.dumps(self._render(trade, trade_id, "match"), separators=(",", ":"))
        return await self._broadcast(trade.exchange, trade.symbol, text, "trade", trade_id=str(trade_id))

    def _render(self, trade: TapeTrade, trade_id: int, kind: str) -> dict[str, Any]:
        ms = _now_ms()
        if trade.exchange == "binance":
            return binance_trade(trade.symbol, trade_id, trade.price, trade.quantity, trade.side, ms)
        self._sequence += 1
        return coinbase_match(
            trade.symbol,
            trade_id,
            self._sequence,
            trade.price,
            trade.quantity,
            trade.side,
            time.time_ns() // 1000,
            kind,
        )

    async def _broadcast(
        self,
        exchange: str,
        symbol: str | None,
        text: str,
        kind: str,
        *,
        trade_id: str | None = None,
        reason: str | None = None,
    ) -> int:
        if exchange in self._stall:
            return 0
        sent = 0
        for client in list(self._clients):
            if client.exchange != exchange or (symbol is not None and symbol not in client.symbols):
                continue
            if await self._send(client, text, kind, trade_id=trade_id, symbol=symbol, reason=reason):
                sent += 1
        return sent

    async def _send(self, client: _Client, text: str, kind: str, **meta: Any) -> bool:
        try:
            await client.ws.send(text)
        except ConnectionClosed:
            return False
        self.sent.append(SentFrame(client.exchange, kind, text, client.id, **meta))
        return True

    async def _replay(self) -> None:
        loop = asyncio.get_running_loop()
        last, credit = loop.time(), 0.0
        while True:
            await asyncio.sleep(0.01)
            now = loop.time()
            if self.paused or self.rate <= 0:
                last, credit = now, 0.0
                continue
            credit = min(credit + (now - last) * self.rate, max(self.rate, 1.0))
            last = now
            while credit >= 1:
                credit -= 1
                await self._emit(self._next_trade())

    # ------------------------------------------------------------------ connections
    async def _process_request(self, connection: ServerConnection, request: Request) -> Response | None:
        path = urlsplit(request.path)
        if path.path.startswith("/control"):
            return await self._control(connection, path.path.removeprefix("/control").strip("/"), path.query)
        exchange = _exchange_of(path.path)
        if exchange is None:
            return connection.respond(
                404, f"unknown path {path.path}; use /binance/stream?streams=… or /coinbase\n"
            )
        if exchange in self._refuse:
            self.refused_handshakes[exchange] += 1
            return connection.respond(503, "service unavailable (simulated)\n")
        return None

    async def _handle(self, ws: ServerConnection) -> None:
        assert ws.request is not None
        path = urlsplit(ws.request.path)
        exchange = _exchange_of(path.path)
        self.connections[str(exchange)] += 1
        if exchange == "binance":
            await self._serve_binance(ws, path.query)
        elif exchange == "coinbase":
            await self._serve_coinbase(ws)

    async def _serve_binance(self, ws: ServerConnection, query: str) -> None:
        streams = parse_qs(query).get("streams", [""])[0].split("/")
        symbols = set()
        for stream in streams:
            name, _, kind = stream.partition("@")
            if kind == "trade":
                with contextlib.suppress(ValueError):
                    symbols.add(canonical_of("binance", name))
        await self._attach(_Client(self._new_id(), "binance", ws, symbols))

    async def _serve_coinbase(self, ws: ServerConnection) -> None:
        try:
            request = json.loads(await asyncio.wait_for(ws.recv(), self.subscribe_timeout))
            products = [str(p) for p in request["product_ids"]]
            channels = {c if isinstance(c, str) else c["name"] for c in request["channels"]}
            if request.get("type") != "subscribe" or "matches" not in channels:
                raise ValueError("expected a subscribe message for the matches channel")
            symbols = {canonical_of("coinbase", p) for p in products}
        except TimeoutError:
            await ws.close(1008, "no subscribe message")
            return
        except (ValueError, KeyError, TypeError) as exc:
            with contextlib.suppress(ConnectionClosed):
                await ws.send(coinbase_error("Failed to subscribe", str(exc)))
            await ws.close(1008, "bad subscribe")
            return
        client = _Client(self._new_id(), "coinbase", ws, symbols, channels & {"matches", "heartbeat"})
        await self._send(client, coinbase_subscriptions(products, sorted(client.channels)), "control")
        for symbol in sorted(symbols):  # the most recent match per product comes first, as `last_match`
            last, trade_id = self._last.get(("coinbase", symbol)) or self._seed_trade("coinbase", symbol)
            text = json.dumps(self._render(last, trade_id, "last_match"), separators=(",", ":"))
            await self._send(client, text, "trade", trade_id=str(trade_id), symbol=symbol)
        heartbeat = asyncio.create_task(self._heartbeats(client)) if "heartbeat" in client.channels else None
        try:
            await self._attach(client)
        finally:
            if heartbeat is not None:
                heartbeat.cancel()

    def _seed_trade(self, exchange: str, symbol: str) -> tuple[TapeTrade, int]:
        """A first "most recent" trade for a product nothing has traded on yet."""
        tape = next((t for t in self.trades if t.symbol == symbol), None) or self.trades[0]
        self._trade_ids[exchange] += 1
        seeded = (
            TapeTrade(exchange, symbol, tape.price, tape.quantity, tape.side),
            self._trade_ids[exchange],
        )
        self._last[(exchange, symbol)] = seeded
        return seeded

    async def _heartbeats(self, client: _Client) -> None:
        while True:
            await asyncio.sleep(self.heartbeat_interval)
            if "coinbase" in self._stall:
                continue
            for symbol in sorted(client.symbols):
                text = coinbase_heartbeat(
                    native("coinbase", symbol),
                    self._sequence,
                    self._trade_ids["coinbase"],
                    time.time_ns() // 1000,
                )
                if not await self._send(client, text, "control", symbol=symbol):
                    return

    async def _attach(self, client: _Client) -> None:
        """Receive broadcasts until the client goes away (incoming messages are read and ignored)."""
        self._clients.append(client)
        async with self._connected:
            self._connected.notify_all()
        log.info("client subscribed", extra={"exchange": client.exchange, "symbols": sorted(client.symbols)})
        try:
            async for _ in client.ws:
                pass
        except ConnectionClosed:
            pass
        finally:
            if client in self._clients:
                self._clients.remove(client)

    def _new_id(self) -> int:
        self._client_ids += 1
        return self._client_ids

    # ------------------------------------------------------------------ control API
    async def _control(self, connection: ServerConnection, action: str, query: str) -> Response:
        q = {k: v[-1] for k, v in parse_qs(query).items()}
        try:
            result = await self.control(action, q)
        except (ValueError, KeyError) as exc:
            return _json_response(connection, 400, {"error": str(exc)})
        return _json_response(connection, 200, result)

    async def control(self, action: str, q: dict[str, str]) -> dict[str, Any]:
        """The control API (``GET /control/<action>?…`` or CLI ``--fault``): one entry point for both."""
        ex = q.get("exchange") or None
        on = q.get("on", "1") not in ("0", "false", "off")
        if action in ("", "status"):
            return self.status()
        if action == "disconnect":
            return {"disconnected": await self.disconnect(ex, abrupt=q.get("abrupt") == "1")}
        if action == "burst":
            return {"sent": await self.inject_burst(int(q.get("count", "100")), ex)}
        if action == "malformed":
            return {
                "sent": await self.inject_malformed(
                    ex or "binance", q.get("kind", "invalid_json"), int(q.get("count", "1"))
                )
            }
        if action == "whale":
            return {
                "sent": await self.inject_whale(
                    ex or "binance",
                    q.get("symbol", "BTC-USDT"),
                    float(q.get("usd", "750000")),
                    q.get("side", "buy"),
                )
            }
        if action == "spike":
            return {
                "sent": await self.inject_volume_spike(
                    ex or "binance",
                    q.get("symbol", "BTC-USDT"),
                    float(q.get("multiplier", "25")),
                    int(q.get("trades", "40")),
                )
            }
        if action == "divergence":
            self.set_divergence(ex or "coinbase", q.get("symbol", "BTC-USDT"), float(q.get("pct", "1.0")))
        elif action == "refuse":
            self.refuse(q["exchange"], on)
        elif action == "stall":
            self.stall(q["exchange"], on)
        elif action == "pause":
            self.pause()
        elif action == "resume":
            self.resume(float(q["rate"]) if "rate" in q else None)
        else:
            raise ValueError(
                f"unknown action {action!r}; use status, disconnect, burst, malformed, whale, spike, "
                "divergence, refuse, stall, pause, resume"
            )
        return self.status()

    def status(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "rate": self.rate,
            "paused": self.paused,
            "clients": {ex: self.clients(ex) for ex in EXCHANGES},
            "connections": dict(self.connections),
            "refused_handshakes": dict(self.refused_handshakes),
            "sent": dict(Counter(f"{f.exchange}:{f.kind}" for f in self.sent)),
            "refusing": sorted(self._refuse),
            "stalled": sorted(self._stall),
            "divergence": {f"{ex}:{sym}": pct for (ex, sym), pct in self._divergence.items()},
        }


def _exchange_of(path: str) -> str | None:
    if path.startswith("/binance") or path.startswith("/stream"):
        return "binance"
    if path in ("/", "/coinbase", "/coinbase/"):
        return "coinbase"
    return None


def _other(exchange: str) -> str:
    return "coinbase" if exchange == "binance" else "binance"


def _check_exchange(exchange: str) -> None:
    if exchange not in EXCHANGES:
        raise ValueError(f"unknown exchange {exchange!r}; choose from {', '.join(EXCHANGES)}")


def _now_ms() -> int:
    return time.time_ns() // 1_000_000


def _json_response(connection: ServerConnection, status: int, body: dict[str, Any]) -> Response:
    response = connection.respond(status, json.dumps(body) + "\n")
    response.headers["Content-Type"] = "application/json"
    return response
