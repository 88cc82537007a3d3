"""Pure functions for exchange REST aggTrades pages (stdlib only: the Lambda bundle imports this).

Binance ``GET /api/v3/aggTrades?symbol=BTCUSDT&startTime=..&endTime=..&limit=1000`` answers a JSON
list of ``{"a": agg id, "p": price str, "q": qty str, "f": first id, "l": last id, "T": ms, "m": bool}``.
Pages are walked by ``fromId = last a + 1`` until a short page or the end time is passed.
"""

from __future__ import annotations

import hashlib
import json
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

PAGE_LIMIT = 1000

Fetch = Callable[[str], Any]


def iso_ms(ts: datetime) -> str:
    """ISO-8601 UTC with milliseconds and a Z, the platform's timestamp form."""
    return ts.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{ts.microsecond // 1000:03d}Z"


def native_symbol(canonical: str) -> str:
    """``BTC-USDT`` -> ``BTCUSDT`` (Binance REST form)."""
    return canonical.replace("-", "").upper()


def correlation_id(exchange: str, symbol: str, timestamp: str) -> str:
    return hashlib.sha256(f"{exchange}{symbol}{timestamp}".encode()).hexdigest()[:16]


def day_bounds(day: str) -> tuple[int, int]:
    """Epoch ms [start, end) of a UTC date ``YYYY-MM-DD``."""
    start = datetime.strptime(day, "%Y-%m-%d").replace(tzinfo=UTC)
    end = start + timedelta(days=1)
    return int(start.timestamp() * 1000), int(end.timestamp() * 1000)


def page_url(
    base_url: str, symbol: str, start_ms: int, end_ms: int, from_id: int | None, limit: int = PAGE_LIMIT
) -> str:
    params: dict[str, Any] = {"symbol": native_symbol(symbol), "limit": limit}
    if from_id is None:
        params.update(startTime=start_ms, endTime=end_ms - 1)
    else:
        params["fromId"] = from_id
    return f"{base_url.rstrip('/')}/api/v3/aggTrades?{urllib.parse.urlencode(params)}"


def http_fetch(url: str, timeout: float = 30.0) -> Any:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.loads(response.read().decode())


def iter_agg_trades(
    base_url: str,
    symbol: str,
    day: str,
    fetch: Fetch = http_fetch,
    max_pages: int = 10_000,
    page_limit: int = PAGE_LIMIT,
) -> Iterator[dict[str, Any]]:
    """Every aggTrade of one symbol on one UTC day, walking pages by ``fromId``."""
    start_ms, end_ms = day_bounds(day)
    from_id: int | None = None
    for _ in range(max_pages):
        page = fetch(page_url(base_url, symbol, start_ms, end_ms, from_id, page_limit))
        if not isinstance(page, list):
            raise ValueError(f"aggTrades page for {symbol} is not a JSON list: {str(page)[:200]}")
        for row in page:
            if int(row["T"]) >= end_ms:
                return
            yield row
        if len(page) < page_limit:
            return
        from_id = int(page[-1]["a"]) + 1
    raise RuntimeError(f"aggTrades for {symbol} on {day}: more than {max_pages} pages")


def to_trade_event(row: dict[str, Any], symbol: str, exchange: str = "binance") -> dict[str, Any]:
    """An aggTrade row as a unified trade event (same fields as the streaming payload)."""
    ts = datetime.fromtimestamp(int(row["T"]) / 1000, tz=UTC)
    timestamp = iso_ms(ts)
    price = float(row["p"])
    quantity = float(row["q"])
    trade_id = str(row["a"])
    return {
        # Deterministic so that a re-run of the loader writes the same ids.
        "event_id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{exchange}/{symbol}/agg/{trade_id}")),
        "exchange": exchange,
        "symbol": symbol,
        "price": price,
        "quantity": quantity,
        "quote_volume": price * quantity,
        "side": "sell" if row.get("m") else "buy",
        "timestamp": timestamp,
        "ingestion_timestamp": iso_ms(datetime.now(UTC)),
        "correlation_id": correlation_id(exchange, symbol, timestamp),
        "trade_id": trade_id,
    }
