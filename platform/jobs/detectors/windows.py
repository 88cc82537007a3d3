"""Event-time windows shared by the window detectors: watermark, de-duplication, grouping.

One streaming query has ONE global watermark (the minimum over its ``withWatermark`` nodes), so
detectors with different watermark delays cannot share a query as-is. ``shift_seconds`` makes them
share it exactly: the watermark column is ``event_time + shift`` with the detector's own delay, so
every node proposes ``max(event_time) - (delay - shift)``; with ``shift = delay - R`` (R the
smallest delay in the query) all propose ``max(event_time) - R``. A row is late for a node when
``event_time + shift < max(event_time) - R``, i.e. ``event_time < max(event_time) - delay``: the
detector's own watermark. Windows are taken on the shifted column with the start offset shifted
too, and mapped back, so window boundaries and closing times are those of the unshifted detector.
"""

from __future__ import annotations

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F

WATERMARK_COLUMN = "_wm_time"
_UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


def interval_seconds(text: str) -> int:
    """Seconds in a configuration interval such as ``"30 seconds"`` or ``"1 hour"``."""
    parts = text.split()
    unit = parts[1].lower().rstrip("s") if len(parts) == 2 else ""
    if unit not in _UNITS or not parts[0].isdigit():
        raise ValueError(f"interval must look like '<n> seconds|minutes|hours|days', got {text!r}")
    return int(parts[0]) * _UNITS[unit]


def shifted(column: Column, seconds: int) -> Column:
    return column + F.expr(f"INTERVAL {seconds} SECONDS") if seconds else column


def with_event_watermark(
    df: DataFrame, watermark: str, shift_seconds: int = 0, fallback: Column | None = None
) -> DataFrame:
    """``WATERMARK_COLUMN`` = event time (+ shift) under ``watermark``.

    ``fallback`` stands in for rows without an event time (failed rows that still go through the
    node so that it sees every micro-batch its query sees).
    """
    base = F.col("event_time") if fallback is None else F.coalesce(F.col("event_time"), fallback)
    return df.withColumn(WATERMARK_COLUMN, shifted(base, shift_seconds)).withWatermark(
        WATERMARK_COLUMN, watermark
    )


def window_aggregate(marked: DataFrame, window: str, shift_seconds: int, *aggs: Column) -> DataFrame:
    """Tumbling ``window`` per (symbol, exchange) of rows already under ``with_event_watermark``.

    A duplicate trade has the same event time, so dropping (event_id, watermark time) duplicates
    under the watermark is exact for everything that can still reach an open window.
    """
    length = interval_seconds(window)
    grouped = F.window(WATERMARK_COLUMN, window, window, f"{shift_seconds % length} seconds")
    return (
        marked.dropDuplicates(["event_id", WATERMARK_COLUMN])
        .groupBy(grouped.alias("w"), "symbol", "exchange")
        .agg(
            *aggs,
            F.count(F.lit(1)).alias("trade_count"),
            F.max_by("event_id", "event_time").alias("last_event_id"),
            F.max_by("correlation_id", "event_time").alias("last_correlation_id"),
        )
        .withColumn("window_start", shifted(F.col("w.start"), -shift_seconds))
        .withColumn("window_end", shifted(F.col("w.end"), -shift_seconds))
        .drop("w")
    )


def windowed(trades: DataFrame, window: str, watermark: str, *aggs: Column) -> DataFrame:
    """Tumbling ``window`` per (symbol, exchange) under a ``watermark`` on the trade time."""
    return window_aggregate(with_event_watermark(trades, watermark), window, 0, *aggs)
