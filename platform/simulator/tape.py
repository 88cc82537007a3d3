"""Trade tapes: real-format exchange messages (JSONL) ⇄ neutral :class:`TapeTrade` rows.

The shipped ``tape.jsonl`` holds a few hundred Binance combined-stream and Coinbase ``match``
messages produced deterministically by :func:`generate_messages` (``python -m coattail.simulator.tape``
rewrites it). Replays re-stamp trade ids and times, so only symbol, price, size and side matter.
"""

from __future__ import annotations

import json
import math
import random
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from coattail.producer.symbols import split_canonical
from coattail.simulator.protocols import binance_trade, canonical_of, coinbase_match

DEFAULT_SYMBOLS = ("BTC-USDT", "ETH-USDT", "SOL-USDT")
BASE_PRICES = {"BTC": 97_000.0, "ETH": 3_400.0, "SOL": 240.0, "XRP": 2.4, "DOGE": 0.4}
_TAPE_START_MS = 1_795_000_000_000  # 2026-11-18T, fixed so the file is reproducible


@dataclass(frozen=True)
class TapeTrade:
    exchange: str  # binance | coinbase
    symbol: str  # canonical BASE-QUOTE
    price: float
    quantity: float
    side: str  # aggressor side: buy | sell


def generate_trades(
    count: int = 400, symbols: tuple[str, ...] = DEFAULT_SYMBOLS, seed: int = 7
) -> list[TapeTrade]:
    """A random walk per symbol, alternating exchanges, log-normal sizes worth ~1-20 k USD."""
    for symbol in symbols:
        split_canonical(symbol)
    rng = random.Random(seed)
    prices = {s: BASE_PRICES.get(s.split("-")[0], 100.0) for s in symbols}
    trades = []
    for i in range(count):
        symbol = symbols[rng.randrange(len(symbols))]
        prices[symbol] *= math.exp(rng.gauss(0, 0.0004))
        price = round(prices[symbol], 2 if prices[symbol] > 10 else 4)
        notional = math.exp(rng.gauss(math.log(4_000), 0.8))
        quantity = round(notional / price, 5) or 0.00001
        exchange = "binance" if i % 2 == 0 else "coinbase"
        trades.append(TapeTrade(exchange, symbol, price, quantity, rng.choice(("buy", "sell"))))
    return trades


def generate_messages(count: int = 400, seed: int = 7) -> list[dict[str, Any]]:
    """The trades of :func:`generate_trades` as the exchanges would send them."""
    messages = []
    for i, t in enumerate(generate_trades(count, seed=seed)):
        ms = _TAPE_START_MS + i * 137
        if t.exchange == "binance":
            messages.append(binance_trade(t.symbol, 4_100_000_000 + i, t.price, t.quantity, t.side, ms))
        else:
            messages.append(
                coinbase_match(
                    t.symbol,
                    700_000_000 + i,
                    90_000_000_000 + i,
                    t.price,
                    t.quantity,
                    t.side,
                    ms * 1000 + 417,
                    "match",
                )
            )
    return messages


def trade_from_message(msg: dict[str, Any]) -> TapeTrade:
    """Read one real-format message back into a neutral trade (ValueError if it is not a trade)."""
    if "stream" in msg and isinstance(msg.get("data"), dict):
        d = msg["data"]
        return TapeTrade(
            "binance",
            canonical_of("binance", d["s"]),
            float(d["p"]),
            float(d["q"]),
            "sell" if d["m"] else "buy",
        )
    if msg.get("type") in ("match", "last_match"):
        return TapeTrade(
            "coinbase",
            canonical_of("coinbase", msg["product_id"]),
            float(msg["price"]),
            float(msg["size"]),
            "buy" if msg["side"] == "sell" else "sell",
        )
    raise ValueError(f"not a Binance trade or Coinbase match message: {str(msg)[:120]}")


def load_tape(path: Path | None = None) -> list[TapeTrade]:
    """Trades of a JSONL tape (the packaged ``tape.jsonl`` by default)."""
    if path is None:
        lines = resources.files("coattail.simulator").joinpath("tape.jsonl").read_text().splitlines()
        origin = "simulator/tape.jsonl"
    else:
        lines, origin = Path(path).read_text().splitlines(), str(path)
    trades = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            trades.append(trade_from_message(json.loads(line)))
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{origin}:{number}: {exc}") from exc
    if not trades:
        raise ValueError(f"{origin}: tape holds no trades")
    return trades


def write_tape(path: Path, count: int = 400, seed: int = 7) -> None:
    path.write_text(
        "".join(json.dumps(m, separators=(",", ":")) + "\n" for m in generate_messages(count, seed))
    )


if __name__ == "__main__":  # pragma: no cover - regenerates the shipped tape
    write_tape(Path(__file__).with_name("tape.jsonl"))
