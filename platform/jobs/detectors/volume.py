"""MOD-001 volume anomaly: per-window quote volume scored against the past hour's windows.

Streaming part (``volume_windows``): 60 s tumbling windows with a 30 s watermark, emitted in
append mode once closed. Scoring part (``score_volume``): the rolling baseline needs the windows of
the past hour, which a stateless micro-batch does not have. Choice: keep the closed windows in the
``volume_aggregates`` Iceberg table (it is wanted as history anyway) and, per micro-batch, score the
new windows against ``history + new`` with a range window over window start
(``[start - baseline, start)``). This survives restarts with no extra state store, is exact when a
batch closes several windows of one key (later windows see the earlier ones), and is a pure
function testable on small frames. ``applyInPandasWithState`` would keep the baseline in Spark
state instead, but state is opaque, and on restart the Iceberg table is the record anyway.

The baseline uses the sample standard deviation; keys with fewer than ``min_baseline_windows``
past windows, or a zero deviation, are not scored (no alert). Minutes without trades have no row
and are not part of the baseline.
"""

from __future__ import annotations

from collections.abc import Callable

from pyspark.sql import Column, DataFrame, Window
from pyspark.sql import functions as F

from coattail.jobs.alerts import AlertContext, build_alerts, iso, severity_for
from coattail.jobs.config import VolumeAnomalyConfig
from coattail.jobs.detectors.windows import windowed

ALERT_TYPE = "volume_spike"
Transform = Callable[[DataFrame], DataFrame]


def volume_aggregations() -> tuple[Column, ...]:
    """Quote volume (USD) and base volume of a window (trade count and lineage are added by ``windowed``)."""
    return (F.sum("quote_volume").alias("volume"), F.sum("quantity").alias("base_volume"))


def volume_windows(cfg: VolumeAnomalyConfig) -> Transform:
    """Quote volume (USD), base volume and trade count per (symbol, exchange, window)."""

    def step(trades: DataFrame) -> DataFrame:
        return windowed(trades, cfg.window, cfg.watermark, *volume_aggregations())

    return step


def score_volume(cfg: VolumeAnomalyConfig) -> Transform:
    """Add baseline_mean, baseline_stddev, baseline_windows and z_score to every window row.

    Input: windows of the past (``history``) and the new ones together, one row per key and window.
    """

    def step(windows: DataFrame) -> DataFrame:
        start = F.col("window_start").cast("long")
        past = Window.partitionBy("symbol", "exchange").orderBy(start).rangeBetween(-cfg.baseline_seconds, -1)
        scored = (
            windows.withColumn("baseline_mean", F.avg("volume").over(past))
            .withColumn("baseline_stddev", F.stddev_samp("volume").over(past))
            .withColumn("baseline_windows", F.count("volume").over(past))
        )
        usable = (F.col("baseline_windows") >= cfg.min_baseline_windows) & (F.col("baseline_stddev") > 0)
        z = (F.col("volume") - F.col("baseline_mean")) / F.col("baseline_stddev")
        return scored.withColumn("z_score", F.when(usable, z))

    return step


def volume_alerts(cfg: VolumeAnomalyConfig, ctx: AlertContext) -> Transform:
    """Scored windows whose |z| passes a bound become ``volume_spike`` alerts."""

    def step(scored: DataFrame) -> DataFrame:
        flagged = scored.withColumn("severity", severity_for(F.abs(F.col("z_score")), cfg.severity))
        message = F.format_string(
            "Volume %s on %s %s: %,.0f USD in %s vs 1 h mean %,.0f (z = %.2f)",
            F.when(F.col("z_score") > 0, F.lit("spike")).otherwise(F.lit("drop")),
            F.col("exchange"),
            F.col("symbol"),
            F.col("volume"),
            F.lit(cfg.window),
            F.col("baseline_mean"),
            F.col("z_score"),
        )
        return build_alerts(
            flagged,
            detector=cfg,
            alert_type=ALERT_TYPE,
            ctx=ctx,
            exchange=F.col("exchange"),
            identity=iso(F.col("window_start")),
            detected_at=F.col("window_end"),
            message=message,
            details={
                "window_start": iso(F.col("window_start")),
                "window_end": iso(F.col("window_end")),
                "volume": F.col("volume"),
                "trade_count": F.col("trade_count"),
                "baseline_mean": F.col("baseline_mean"),
                "baseline_stddev": F.col("baseline_stddev"),
                "baseline_windows": F.col("baseline_windows"),
                "z_score": F.col("z_score"),
            },
            correlation_id=F.col("last_correlation_id"),
            source_event_id=F.col("last_event_id"),
        )

    return step
