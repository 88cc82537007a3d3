"""Helpers for the jobs tests: trade payloads and source-shaped frames."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from jobs.config import PipelineConfig, load_config


def iso_ms(ts: datetime) -> str:
    return ts.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{ts.microsecond // 1000:03d}Z"


def make_trade(
    ts: datetime,
    *,
    symbol: str = "BTC-USDT",
    exchange: str = "binance",
    price: Any = 100.0,
    quantity: Any = 1.0,
    side: str = "buy",
    event_id: str | None = None,
    **overrides: Any,
) -> dict[str, Any]:
    """A unified trade event as the producer writes it."""
    stamp = iso_ms(ts)
    event = {
        "event_id": event_id or str(uuid.uuid4()),
        "exchange": exchange,
        "symbol": symbol,
        "price": price,
        "quantity": quantity,
        "quote_volume": price * quantity
        if isinstance(price, float) and isinstance(quantity, float)
        else None,
        "side": side,
        "timestamp": stamp,
        "ingestion_timestamp": stamp,
        "correlation_id": hashlib.sha256(f"{exchange}{symbol}{stamp}".encode()).hexdigest()[:16],
        "trade_id": str(uuid.uuid4().int % 10**9),
    }
    event.update(overrides)
    return event


def source_rows(payloads: list[str | dict[str, Any] | None], arrival: datetime) -> list[tuple[Any, ...]]:
    """Rows in the source schema (data, partition_key, sequence_number, shard_id, arrival_time)."""
    rows = []
    for i, p in enumerate(payloads):
        data = p if p is None or isinstance(p, str) else json.dumps(p)
        rows.append((data, "k", str(i + 1), "shardId-000000000000", arrival))
    return rows


@pytest.fixture()
def source_frame(spark: Any) -> Any:
    from jobs.quality import SOURCE_SCHEMA

    def make(payloads: list[str | dict[str, Any] | None], arrival: datetime | None = None) -> Any:
        when = arrival or datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
        return spark.createDataFrame(source_rows(payloads, when), SOURCE_SCHEMA)

    return make


@pytest.fixture(scope="session")
def pipeline_config() -> PipelineConfig:
    return load_config()
