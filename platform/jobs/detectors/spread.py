"""MOD-003 spread calculator: per-window VWAP per exchange, then the cross-exchange spread.

``vwap_windows`` is the streaming part (30 s windows, 15 s watermark). Both exchanges' windows of
one symbol close at the same watermark, so they arrive in the same micro-batch, where
``spreads`` pairs them: spread % = (vwap_a - vwap_b) / vwap_b * 100 with a and b from config.
"""

from __future__ import annotations

from collections.abc import Callable

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F

from coattail.jobs.alerts import AlertContext, build_alerts, iso, severity_for
from coattail.jobs.config import SpreadConfig
from coattail.jobs.detectors.windows import windowed

ALERT_TYPE = "spread_divergence"
Transform = Callable[[DataFrame], DataFrame]


def vwap_aggregations() -> tuple[Column, ...]:
    """VWAP and base volume of a window (trade count and lineage are added by ``windowed``)."""
    return (
        (F.sum(F.col("price") * F.col("quantity")) / F.sum("quantity")).alias("vwap"),
        F.sum("quantity").alias("base_volume"),
    )


def vwap_windows(cfg: SpreadConfig) -> Transform:
    def step(trades: DataFrame) -> DataFrame:
        return windowed(trades, cfg.window, cfg.watermark, *vwap_aggregations())

    return step


def spreads(cfg: SpreadConfig) -> Transform:
    """One row per (symbol, window) that both exchanges traded in."""

    def step(vwaps: DataFrame) -> DataFrame:
        keys = ["symbol", "window_start", "window_end"]

        def side(exchange: str, tag: str) -> DataFrame:
            return vwaps.where(F.col("exchange") == exchange).select(
                *keys,
                F.col("vwap").alias(f"vwap_{tag}"),
                F.col("trade_count").alias(f"trades_{tag}"),
                F.col("last_event_id").alias(f"event_{tag}"),
                F.col("last_correlation_id").alias(f"corr_{tag}"),
            )

        joined = side(cfg.exchange_a, "a").join(side(cfg.exchange_b, "b"), keys)
        return joined.select(
            *keys,
            F.lit(cfg.exchange_a).alias("exchange_a"),
            F.lit(cfg.exchange_b).alias("exchange_b"),
            "vwap_a",
            "vwap_b",
            ((F.col("vwap_a") - F.col("vwap_b")) / F.col("vwap_b") * 100).alias("spread_pct"),
            "trades_a",
            "trades_b",
            "event_a",
            "corr_a",
        )

    return step


def spread_alerts(cfg: SpreadConfig, ctx: AlertContext) -> Transform:
    def step(spread_rows: DataFrame) -> DataFrame:
        flagged = spread_rows.withColumn("severity", severity_for(F.abs(F.col("spread_pct")), cfg.severity))
        message = F.format_string(
            "%s spread %+.3f%% between %s (%.2f) and %s (%.2f) over %s",
            F.col("symbol"),
            F.col("spread_pct"),
            F.col("exchange_a"),
            F.col("vwap_a"),
            F.col("exchange_b"),
            F.col("vwap_b"),
            F.lit(cfg.window),
        )
        return build_alerts(
            flagged,
            detector=cfg,
            alert_type=ALERT_TYPE,
            ctx=ctx,
            exchange=F.lit(None).cast("string"),
            identity=iso(F.col("window_start")),
            detected_at=F.col("window_end"),
            message=message,
            details={
                "window_start": iso(F.col("window_start")),
                "window_end": iso(F.col("window_end")),
                "exchange_a": F.col("exchange_a"),
                "exchange_b": F.col("exchange_b"),
                "vwap_a": F.col("vwap_a"),
                "vwap_b": F.col("vwap_b"),
                "spread_pct": F.col("spread_pct"),
            },
            correlation_id=F.col("corr_a"),
            source_event_id=F.col("event_a"),
        )

    return step
