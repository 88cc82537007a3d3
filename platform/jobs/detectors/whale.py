"""MOD-002 whale detector: one alert per trade whose quote volume passes a severity bound."""

from __future__ import annotations

from collections.abc import Callable

from pyspark.sql import DataFrame
from pyspark.sql import functions as F

from coattail.jobs.alerts import AlertContext, build_alerts, iso, severity_for
from coattail.jobs.config import WhaleConfig

ALERT_TYPE = "whale_trade"


def flag_whales(cfg: WhaleConfig) -> Callable[[DataFrame], DataFrame]:
    """Trades above the lowest bound, with their ``severity``."""

    def step(trades: DataFrame) -> DataFrame:
        return trades.withColumn("severity", severity_for(F.col("quote_volume"), cfg.severity)).where(
            F.col("severity").isNotNull()
        )

    return step


def whale_trades(flagged: DataFrame) -> DataFrame:
    """Rows for the ``whale_trades`` Iceberg table."""
    return flagged.select(
        "event_id",
        "exchange",
        "symbol",
        "price",
        "quantity",
        "quote_volume",
        "side",
        F.col("event_time").alias("timestamp"),
        "severity",
        "trade_id",
        "correlation_id",
    )


def whale_alerts(cfg: WhaleConfig, ctx: AlertContext) -> Callable[[DataFrame], DataFrame]:
    def step(flagged: DataFrame) -> DataFrame:
        message = F.format_string(
            "Whale %s of %,.0f USD on %s %s at %s",
            F.col("side"),
            F.col("quote_volume"),
            F.col("exchange"),
            F.col("symbol"),
            F.format_number(F.col("price"), 2),
        )
        return build_alerts(
            flagged,
            detector=cfg,
            alert_type=ALERT_TYPE,
            ctx=ctx,
            exchange=F.col("exchange"),
            identity=F.col("event_id"),
            detected_at=F.col("event_time"),
            message=message,
            details={
                "price": F.col("price"),
                "quantity": F.col("quantity"),
                "quote_volume": F.col("quote_volume"),
                "side": F.col("side"),
                "trade_id": F.col("trade_id"),
                "trade_time": iso(F.col("event_time")),
                "thresholds": F.lit(str(cfg.severity)),
            },
            correlation_id=F.col("correlation_id"),
            source_event_id=F.col("event_id"),
        )

    return step
