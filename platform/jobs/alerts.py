"""Alert records in the platform's base schema, built from detector output columns.

``detected_at`` is the trade time (per-record detectors) or the window end (window detectors), never
the wall clock, so a replayed micro-batch produces the same ``(alert_id, detected_at)`` key and the
conditional DynamoDB write turns it into a no-op.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F

from coattail.jobs.config import SEVERITY_ORDER, DetectorBase

ALERT_COLUMNS = (
    "alert_id",
    "alert_type",
    "module_id",
    "symbol",
    "exchange",
    "severity",
    "detected_at",
    "message",
    "ttl_epoch",
    "details",
)


@dataclass(frozen=True)
class AlertContext:
    """What every alert's lineage records besides the row's own ids."""

    pipeline_version: str
    ttl_hours: int = 24


def severity_for(value: Column, bounds: dict[str, float]) -> Column:
    """The highest severity whose bound ``value`` strictly exceeds, else null (no alert)."""
    expr: Column = F.lit(None).cast("string")
    for name in SEVERITY_ORDER:
        if name in bounds:
            expr = F.when(value > F.lit(bounds[name]), F.lit(name)).otherwise(expr)
    return expr


def alert_id(module_id: str, symbol: Column, exchange: Column, identity: Column) -> Column:
    """Deterministic id: sha256 of module | symbol | exchange (or *) | window start / event id."""
    joined = F.concat_ws("|", F.lit(module_id), symbol, F.coalesce(exchange, F.lit("*")), identity)
    return F.substring(F.sha2(joined, 256), 1, 32)


def build_alerts(
    df: DataFrame,
    *,
    detector: DetectorBase,
    alert_type: str,
    ctx: AlertContext,
    exchange: Column,
    identity: Column,
    detected_at: Column,
    message: Column,
    details: dict[str, Column],
    correlation_id: Column,
    source_event_id: Column,
) -> DataFrame:
    """Rows with a non-null ``severity`` column become alerts in the base schema."""
    lineage = F.struct(
        correlation_id.alias("correlation_id"),
        source_event_id.alias("source_event_id"),
        F.lit(detector.module_id).alias("module_id"),
        F.lit(detector.name).alias("detector_name"),
        F.lit(detector.config_hash()).alias("config_hash"),
        F.date_format(F.current_timestamp(), "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").alias("processed_at"),
        F.lit(ctx.pipeline_version).alias("pipeline_version"),
    )
    detail_cols = [col.alias(name) for name, col in details.items()]
    return df.where(F.col("severity").isNotNull()).select(
        alert_id(detector.module_id, F.col("symbol"), exchange, identity).alias("alert_id"),
        F.lit(alert_type).alias("alert_type"),
        F.lit(detector.module_id).alias("module_id"),
        F.col("symbol"),
        exchange.cast("string").alias("exchange"),
        F.col("severity"),
        detected_at.alias("detected_at"),
        message.alias("message"),
        (F.unix_timestamp(detected_at) + F.lit(ctx.ttl_hours * 3600)).cast("long").alias("ttl_epoch"),
        F.to_json(F.struct(*detail_cols, lineage.alias("_lineage"))).alias("details"),
    )


def iso(col: Column) -> Column:
    return F.date_format(col, "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
