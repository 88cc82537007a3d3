"""Coinbase Exchange feed, ``matches`` channel (plus ``heartbeat`` for liveness).

After ``{"type": "subscribe", ...}`` the feed answers ``subscriptions``, then one ``last_match``
per product followed by ``match`` messages: ``trade_id``, ``sequence``, ``time`` (ISO, µs),
``product_id``, ``size``, ``price`` (strings), ``side`` = the MAKER's side — the aggressor did the
opposite, so a ``sell`` maker means a ``buy`` trade.
"""

from __future__ import annotations

import json
from typing import Any

from coattail.producer.events import (
    REASON_EXCHANGE_ERROR,
    REASON_INVALID_JSON,
    REASON_INVALID_VALUE,
    REASON_MISSING_FIELD,
    REASON_UNEXPECTED,
    REASON_UNKNOWN_SYMBOL,
    Control,
    ParseResult,
    Rejected,
    Trade,
    iso_ms_from_iso,
    make_trade,
    positive_number,
)
from coattail.producer.symbols import SymbolMap

EXCHANGE = "coinbase"
DEFAULT_URL = "wss://ws-feed.exchange.coinbase.com"
_REQUIRED = ("trade_id", "time", "product_id", "size", "price", "side")
_AGGRESSOR = {"sell": "buy", "buy": "sell"}
_CONTROL_TYPES = frozenset({"subscriptions", "heartbeat"})


def stream_url(base_url: str, symbols: SymbolMap) -> str:
    return base_url


def subscribe_messages(symbols: SymbolMap) -> list[str]:
    return [
        json.dumps(
            {"type": "subscribe", "product_ids": symbols.natives, "channels": ["matches", "heartbeat"]}
        )
    ]


def parse(raw: str | bytes, symbols: SymbolMap, ingestion_timestamp: str) -> ParseResult:
    try:
        msg = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        return Rejected(REASON_INVALID_JSON, f"not JSON: {exc}")
    if not isinstance(msg, dict):
        return Rejected(REASON_UNEXPECTED, f"expected a JSON object, got {type(msg).__name__}")
    kind = msg.get("type")
    if kind == "match" or kind == "last_match":
        return _trade(msg, symbols, ingestion_timestamp)
    if kind in _CONTROL_TYPES:
        return Control(str(kind))
    if kind == "error":
        return Rejected(
            REASON_EXCHANGE_ERROR, f"coinbase error: {msg.get('message')} {msg.get('reason', '')}"
        )
    return Rejected(REASON_UNEXPECTED, f"unexpected message type {kind!r}")


def _trade(msg: dict[str, Any], symbols: SymbolMap, ingestion_timestamp: str) -> ParseResult:
    try:  # hot path: direct lookups
        present = None not in (
            msg["trade_id"],
            msg["time"],
            msg["product_id"],
            msg["size"],
            msg["price"],
            msg["side"],
        )
    except KeyError:
        present = False
    if not present:
        missing = [k for k in _REQUIRED if msg.get(k) is None]
        return Rejected(REASON_MISSING_FIELD, f"match lacks field(s) {', '.join(missing)}")
    native = msg["product_id"]
    symbol = symbols.to_canonical.get(native) if isinstance(native, str) else None
    if symbol is None:
        return Rejected(REASON_UNKNOWN_SYMBOL, f"product {native!r} is not configured")
    side = _AGGRESSOR.get(msg["side"])
    if side is None:
        return Rejected(REASON_INVALID_VALUE, f"side {msg['side']!r} is neither buy nor sell")
    try:
        price = positive_number(msg["price"], "price")
        quantity = positive_number(msg["size"], "size")
        timestamp = iso_ms_from_iso(str(msg["time"]))
    except ValueError as exc:
        return Rejected(REASON_INVALID_VALUE, str(exc))
    trade = make_trade(
        EXCHANGE, symbol, str(msg["trade_id"]), price, quantity, side, timestamp, ingestion_timestamp
    )
    return Trade(trade.event, replayed=True) if msg["type"] == "last_match" else trade
