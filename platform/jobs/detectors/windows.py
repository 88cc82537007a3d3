"""Event-time windows shared by the window detectors: watermark, de-duplication, grouping."""

from __future__ import annotations

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F


def windowed(trades: DataFrame, window: str, watermark: str, *aggs: Column) -> DataFrame:
    """Tumbling ``window`` per (symbol, exchange) under a ``watermark`` on the trade time.

    A duplicate trade has the same event time, so dropping (event_id, event_time) duplicates under
    the same watermark is exact for everything that can still reach an open window.
    """
    return (
        trades.withWatermark("event_time", watermark)
        .dropDuplicates(["event_id", "event_time"])
        .groupBy(F.window("event_time", window).alias("w"), "symbol", "exchange")
        .agg(
            *aggs,
            F.count(F.lit(1)).alias("trade_count"),
            F.max_by("event_id", "event_time").alias("last_event_id"),
            F.max_by("correlation_id", "event_time").alias("last_correlation_id"),
        )
        .withColumn("window_start", F.col("w.start"))
        .withColumn("window_end", F.col("w.end"))
        .drop("w")
    )
