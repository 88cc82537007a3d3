"""Binance combined trade stream (``/stream?streams=btcusdt@trade/...``).

Frame: ``{"stream": "btcusdt@trade", "data": {"e": "trade", "E": ms, "s": "BTCUSDT", "t": id,
"p": "price", "q": "qty", "T": trade-time ms, "m": buyer-is-maker}}``. ``m`` true means the buyer
was the resting order, so the aggressor sold: side ``sell``.
"""

from __future__ import annotations

import json
from typing import Any

from coattail.producer.events import (
    REASON_INVALID_JSON,
    REASON_INVALID_VALUE,
    REASON_MISSING_FIELD,
    REASON_UNEXPECTED,
    REASON_UNKNOWN_SYMBOL,
    Control,
    ParseResult,
    Rejected,
    iso_from_epoch_ms,
    make_trade,
    positive_number,
)
from coattail.producer.symbols import SymbolMap

EXCHANGE = "binance"
DEFAULT_URL = "wss://stream.binance.com:9443"
_REQUIRED = ("s", "t", "p", "q", "T", "m")


def stream_url(base_url: str, symbols: SymbolMap) -> str:
    """One combined-stream URL for every symbol (Binance allows 5 connections per IP)."""
    streams = "/".join(f"{native.lower()}@trade" for native in symbols.natives)
    return f"{base_url.rstrip('/')}/stream?streams={streams}"


def subscribe_messages(symbols: SymbolMap) -> list[str]:
    """Nothing to send: the combined-stream URL names the streams."""
    return []


def parse(raw: str | bytes, symbols: SymbolMap, ingestion_timestamp: str) -> ParseResult:
    try:
        msg = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        return Rejected(REASON_INVALID_JSON, f"not JSON: {exc}")
    if not isinstance(msg, dict):
        return Rejected(REASON_UNEXPECTED, f"expected a JSON object, got {type(msg).__name__}")
    data = msg.get("data")
    if data is None:
        if "result" in msg and "id" in msg:
            return Control("subscribe_ack")
        if "code" in msg and "msg" in msg:
            return Rejected(REASON_UNEXPECTED, f"binance error {msg.get('code')}: {msg.get('msg')}")
        return Rejected(REASON_UNEXPECTED, "no 'data' in combined-stream message")
    if not isinstance(data, dict) or data.get("e") != "trade":
        kind = data.get("e") if isinstance(data, dict) else type(data).__name__
        return Rejected(REASON_UNEXPECTED, f"combined-stream data is not a trade event (e={kind!r})")
    return _trade(data, symbols, ingestion_timestamp)


def _trade(data: dict[str, Any], symbols: SymbolMap, ingestion_timestamp: str) -> ParseResult:
    try:  # hot path: direct lookups, one pass
        native, trade_id, raw_price, raw_qty = data["s"], data["t"], data["p"], data["q"]
        trade_time, is_buyer_maker = data["T"], data["m"]
    except KeyError:
        native = None
    if native is None or None in (trade_id, raw_price, raw_qty, trade_time, is_buyer_maker):
        missing = [k for k in _REQUIRED if data.get(k) is None]
        return Rejected(REASON_MISSING_FIELD, f"trade lacks field(s) {', '.join(missing)}")
    symbol = symbols.to_canonical.get(native) if isinstance(native, str) else None
    if symbol is None:
        return Rejected(REASON_UNKNOWN_SYMBOL, f"symbol {native!r} is not configured")
    if type(trade_time) is not int or trade_time <= 0:
        return Rejected(REASON_INVALID_VALUE, f"trade time T={trade_time!r} is not epoch milliseconds")
    if type(is_buyer_maker) is not bool:
        return Rejected(REASON_INVALID_VALUE, f"m={is_buyer_maker!r} is not a boolean")
    try:
        price = positive_number(raw_price, "price")
        quantity = positive_number(raw_qty, "quantity")
    except ValueError as exc:
        return Rejected(REASON_INVALID_VALUE, str(exc))
    return make_trade(
        EXCHANGE,
        symbol,
        str(trade_id),
        price,
        quantity,
        "sell" if is_buyer_maker else "buy",
        iso_from_epoch_ms(trade_time),
        ingestion_timestamp,
    )
