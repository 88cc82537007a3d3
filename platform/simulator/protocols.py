"""The exchanges' wire formats, rendered by the simulator (pure functions, no I/O).

Symbols: canonical ``BASE-QUOTE`` ↔ Binance ``BTCUSDT`` / Coinbase ``BTC-USD`` via the same quote
mapping the producer uses by default (Coinbase USD ≈ USDT).
"""

from __future__ import annotations

import json
import time
from typing import Any

from coattail.producer.symbols import native_symbol

QUOTE_MAPPING = {"binance": {}, "coinbase": {"USD": "USDT"}}


def native(exchange: str, symbol: str) -> str:
    return native_symbol(exchange, symbol, QUOTE_MAPPING[exchange])


def canonical_of(exchange: str, native_name: str) -> str:
    """Inverse of :func:`native` for the quotes the simulator knows."""
    if exchange == "coinbase":
        base, quote = native_name.upper().split("-")
        return f"{base}-{QUOTE_MAPPING['coinbase'].get(quote, quote)}"
    name = native_name.upper()
    for quote in ("USDT", "USDC", "BTC", "ETH"):
        if name.endswith(quote) and len(name) > len(quote):
            return f"{name[: -len(quote)]}-{quote}"
    raise ValueError(f"cannot split Binance symbol {native_name!r}")


def iso_us(epoch_us: int) -> str:
    sec, micro = divmod(epoch_us, 1_000_000)
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(sec)) + f".{micro:06d}Z"


def _num(value: float) -> str:
    return f"{value:.8f}".rstrip("0").rstrip(".")


def binance_trade(
    symbol: str, trade_id: int, price: float, quantity: float, side: str, ms: int
) -> dict[str, Any]:
    """Combined-stream trade; ``m`` (buyer is maker) is true when the aggressor sold."""
    name = native("binance", symbol)
    return {
        "stream": f"{name.lower()}@trade",
        "data": {
            "e": "trade",
            "E": ms + 1,
            "s": name,
            "t": trade_id,
            "p": _num(price),
            "q": _num(quantity),
            "T": ms,
            "m": side == "sell",
            "M": True,
        },
    }


def coinbase_match(
    symbol: str, trade_id: int, sequence: int, price: float, size: float, side: str, epoch_us: int, kind: str
) -> dict[str, Any]:
    """``match``/``last_match``; ``side`` on the wire is the MAKER's, opposite to the aggressor ``side``."""
    return {
        "type": kind,
        "trade_id": trade_id,
        "maker_order_id": f"m-{sequence:x}",
        "taker_order_id": f"t-{sequence:x}",
        "side": "buy" if side == "sell" else "sell",
        "size": _num(size),
        "price": _num(price),
        "product_id": native("coinbase", symbol),
        "sequence": sequence,
        "time": iso_us(epoch_us),
    }


def coinbase_subscriptions(product_ids: list[str], channels: list[str]) -> str:
    return json.dumps(
        {"type": "subscriptions", "channels": [{"name": c, "product_ids": product_ids} for c in channels]}
    )


def coinbase_heartbeat(product_id: str, sequence: int, last_trade_id: int, epoch_us: int) -> str:
    return json.dumps(
        {
            "type": "heartbeat",
            "sequence": sequence,
            "last_trade_id": last_trade_id,
            "product_id": product_id,
            "time": iso_us(epoch_us),
        }
    )


def coinbase_error(message: str, reason: str) -> str:
    return json.dumps({"type": "error", "message": message, "reason": reason})


# Malformed frames on demand: kind -> (builder(exchange) -> text, the producer's DLQ reason).
MALFORMED_KINDS = ("invalid_json", "missing_field", "invalid_value", "unknown_symbol", "unexpected_message")


def malformed_frame(exchange: str, kind: str, ms: int) -> str:
    good: dict[str, Any] = (
        binance_trade("BTC-USDT", 1, 97_000.0, 0.01, "buy", ms)
        if exchange == "binance"
        else coinbase_match("BTC-USDT", 1, 1, 97_000.0, 0.01, "buy", ms * 1000, "match")
    )
    body = good["data"] if exchange == "binance" else good
    if kind == "invalid_json":
        return json.dumps(good)[:-7]
    if kind == "missing_field":
        body.pop("p" if exchange == "binance" else "price")
    elif kind == "invalid_value":
        body["p" if exchange == "binance" else "price"] = "-12.5"
    elif kind == "unknown_symbol":
        if exchange == "binance":
            body["s"], good["stream"] = "NOPEUSDT", "nopeusdt@trade"
        else:
            body["product_id"] = "NOPE-USD"
    elif kind == "unexpected_message":
        if exchange == "binance":
            body["e"] = "aggTrade"
        else:
            body["type"] = "ticker"
    else:
        raise ValueError(f"unknown malformed kind {kind!r}; choose from {', '.join(MALFORMED_KINDS)}")
    return json.dumps(good)
