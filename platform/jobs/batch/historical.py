"""Historical loader: exchange REST aggTrades pages -> raw zone Parquet, by date and symbol.

``s3://<raw>/historical/parquet/dt=YYYY-MM-DD/symbol=<SYMBOL>/aggtrades.parquet`` — one object per
day and symbol, so a re-run of the same day replaces it (idempotent). Rows are unified trade events
(the streaming payload's fields, typed), with deterministic event ids derived from the agg id.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from coattail.jobs.batch.aggtrades import PAGE_LIMIT, Fetch, http_fetch, iter_agg_trades, to_trade_event

SCHEMA = pa.schema(
    [
        ("event_id", pa.string()),
        ("exchange", pa.string()),
        ("symbol", pa.string()),
        ("price", pa.float64()),
        ("quantity", pa.float64()),
        ("quote_volume", pa.float64()),
        ("side", pa.string()),
        ("timestamp", pa.timestamp("ms", tz="UTC")),
        ("ingestion_timestamp", pa.string()),
        ("correlation_id", pa.string()),
        ("trade_id", pa.string()),
    ]
)


@dataclass
class LoadResult:
    day: str
    objects: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)


def parquet_key(day: str, symbol: str) -> str:
    return f"historical/parquet/dt={day}/symbol={symbol}/aggtrades.parquet"


def to_table(events: list[dict[str, Any]]) -> pa.Table:
    rows = [
        {**e, "timestamp": datetime.fromisoformat(str(e["timestamp"]).replace("Z", "+00:00"))} for e in events
    ]
    return pa.Table.from_pylist(rows, schema=SCHEMA)


def load_day(
    s3: Any,
    bucket: str,
    day: str,
    symbols: Sequence[str],
    base_url: str,
    fetch: Fetch = http_fetch,
    page_limit: int = PAGE_LIMIT,
) -> LoadResult:
    """Fetch every aggTrade of ``day`` per symbol and write one Parquet object per symbol."""
    result = LoadResult(day=day)
    for symbol in symbols:
        events = [
            to_trade_event(row, symbol)
            for row in iter_agg_trades(base_url, symbol, day, fetch, page_limit=page_limit)
        ]
        buffer = io.BytesIO()
        pq.write_table(to_table(events), buffer, compression="zstd")
        key = parquet_key(day, symbol)
        s3.put_object(Bucket=bucket, Key=key, Body=buffer.getvalue())
        result.objects.append(key)
        result.rows[symbol] = len(events)
    return result
