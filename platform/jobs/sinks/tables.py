"""The lakehouse tables: Arrow schemas and hidden partitioning (transform of a source column)."""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

TS = pa.timestamp("us", tz="UTC")


@dataclass(frozen=True)
class TableSpec:
    name: str
    schema: pa.Schema
    partition_by: tuple[tuple[str, str], ...]  # (column, "day" | "identity")


_ALERT_FIELDS = [
    ("alert_id", pa.string()),
    ("alert_type", pa.string()),
    ("module_id", pa.string()),
    ("symbol", pa.string()),
    ("exchange", pa.string()),
    ("severity", pa.string()),
    ("detected_at", TS),
    ("message", pa.string()),
    ("ttl_epoch", pa.int64()),
    ("details", pa.string()),
]

RAW_TRADES = TableSpec(
    "raw_trades",
    pa.schema(
        [
            ("event_id", pa.string()),
            ("exchange", pa.string()),
            ("symbol", pa.string()),
            ("price", pa.float64()),
            ("quantity", pa.float64()),
            ("quote_volume", pa.float64()),
            ("side", pa.string()),
            ("timestamp", TS),
            ("ingestion_timestamp", pa.string()),
            ("correlation_id", pa.string()),
            ("trade_id", pa.string()),
            ("is_late", pa.bool_()),
            ("quote_volume_mismatch", pa.bool_()),
            ("arrival_time", TS),
            ("shard_id", pa.string()),
            ("sequence_number", pa.string()),
        ]
    ),
    (("timestamp", "day"), ("symbol", "identity")),
)

ANOMALY_ALERTS = TableSpec(
    "anomaly_alerts", pa.schema(_ALERT_FIELDS), (("detected_at", "day"), ("alert_type", "identity"))
)

ANOMALIES_REPROCESSED = TableSpec(
    "anomalies_reprocessed",
    pa.schema([*_ALERT_FIELDS, ("reprocess_run_id", pa.string()), ("source_snapshot_id", pa.int64())]),
    (("detected_at", "day"), ("alert_type", "identity")),
)

VOLUME_AGGREGATES = TableSpec(
    "volume_aggregates",
    pa.schema(
        [
            ("symbol", pa.string()),
            ("exchange", pa.string()),
            ("window_start", TS),
            ("window_end", TS),
            ("volume", pa.float64()),
            ("base_volume", pa.float64()),
            ("trade_count", pa.int64()),
            ("baseline_mean", pa.float64()),
            ("baseline_stddev", pa.float64()),
            ("baseline_windows", pa.int64()),
            ("z_score", pa.float64()),
        ]
    ),
    (("window_start", "day"), ("symbol", "identity")),
)

WHALE_TRADES = TableSpec(
    "whale_trades",
    pa.schema(
        [
            ("event_id", pa.string()),
            ("exchange", pa.string()),
            ("symbol", pa.string()),
            ("price", pa.float64()),
            ("quantity", pa.float64()),
            ("quote_volume", pa.float64()),
            ("side", pa.string()),
            ("timestamp", TS),
            ("severity", pa.string()),
            ("trade_id", pa.string()),
            ("correlation_id", pa.string()),
        ]
    ),
    (("timestamp", "day"), ("symbol", "identity")),
)

EXCHANGE_SPREADS = TableSpec(
    "exchange_spreads",
    pa.schema(
        [
            ("symbol", pa.string()),
            ("window_start", TS),
            ("window_end", TS),
            ("exchange_a", pa.string()),
            ("exchange_b", pa.string()),
            ("vwap_a", pa.float64()),
            ("vwap_b", pa.float64()),
            ("spread_pct", pa.float64()),
            ("trades_a", pa.int64()),
            ("trades_b", pa.int64()),
        ]
    ),
    (("window_start", "day"), ("symbol", "identity")),
)

ALL_TABLES = (
    RAW_TRADES,
    ANOMALY_ALERTS,
    VOLUME_AGGREGATES,
    WHALE_TRADES,
    EXCHANGE_SPREADS,
    ANOMALIES_REPROCESSED,
)
