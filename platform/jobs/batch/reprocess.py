"""Reprocessing with Iceberg time travel: raw_trades as of a snapshot id or a timestamp, through
the same detectors in batch mode, into ``anomalies_reprocessed``, with a comparison report against
the alerts the stream produced (``anomaly_alerts``) over the same trade-time range.

Batch mode uses the same DataFrame transforms as the stream (``withWatermark`` is a no-op on a
batch frame), so differences in the report are differences in data or configuration, not code.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from pyiceberg.catalog import Catalog
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from coattail.jobs.alerts import ALERT_COLUMNS, AlertContext
from coattail.jobs.config import PipelineConfig
from coattail.jobs.detectors.spread import spread_alerts, spreads, vwap_windows
from coattail.jobs.detectors.volume import score_volume, volume_alerts, volume_windows
from coattail.jobs.detectors.whale import flag_whales, whale_alerts
from coattail.jobs.sinks import tables
from coattail.jobs.sinks.iceberg import append_batch, conform, ensure_table


@dataclass
class ComparisonReport:
    run_id: str
    source_snapshot_id: int
    trades: int
    reprocessed: int
    stream_alerts: int
    matched: int
    only_reprocessed: list[str] = field(default_factory=list)
    only_stream: list[str] = field(default_factory=list)
    reprocessed_by_type: dict[str, int] = field(default_factory=dict)
    stream_by_type: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def detect_all(trades: DataFrame, config: PipelineConfig) -> DataFrame:
    """Every enabled detector over a batch frame of clean trades (``event_time`` column)."""
    ctx = AlertContext(config.pipeline_version, config.alerts.ttl_hours)
    d = config.detectors
    parts: list[DataFrame] = []
    if config.enabled(d.whale.module_id):
        parts.append(trades.transform(flag_whales(d.whale)).transform(whale_alerts(d.whale, ctx)))
    if config.enabled(d.volume_anomaly.module_id):
        windows = trades.transform(volume_windows(d.volume_anomaly))
        parts.append(
            windows.transform(score_volume(d.volume_anomaly)).transform(volume_alerts(d.volume_anomaly, ctx))
        )
    if config.enabled(d.spread.module_id):
        pairs = trades.transform(vwap_windows(d.spread)).transform(spreads(d.spread))
        parts.append(pairs.transform(spread_alerts(d.spread, ctx)))
    if not parts:
        raise ValueError(f"tier {config.tier!r} enables no detector")
    result = parts[0]
    for part in parts[1:]:
        result = result.unionByName(part)
    return result.select(*ALERT_COLUMNS)


def reprocess(
    spark: SparkSession,
    catalog: Catalog,
    namespace: str,
    config: PipelineConfig,
    *,
    snapshot_id: int | None = None,
    as_of: datetime | None = None,
    run_id: str | None = None,
) -> ComparisonReport:
    """Re-run the detectors on raw_trades at ``snapshot_id`` or ``as_of`` and compare."""
    if (snapshot_id is None) == (as_of is None):
        raise ValueError("give exactly one of snapshot_id or as_of")
    raw = catalog.load_table(f"{namespace}.{tables.RAW_TRADES.name}")
    if snapshot_id is None:
        assert as_of is not None
        snap = raw.snapshot_as_of_timestamp(int(as_of.timestamp() * 1000))
        if snap is None:
            raise LookupError(f"raw_trades has no snapshot at or before {as_of.isoformat()}")
        snapshot_id = snap.snapshot_id
    elif raw.snapshot_by_id(snapshot_id) is None:
        raise LookupError(f"raw_trades has no snapshot {snapshot_id}")
    run = run_id or uuid.uuid4().hex[:12]
    arrow = raw.scan(snapshot_id=snapshot_id).to_arrow()
    trades = spark.createDataFrame(arrow).withColumnRenamed("timestamp", "event_time")
    alerts = detect_all(trades, config).persist()
    try:
        out = alerts.withColumn("reprocess_run_id", F.lit(run)).withColumn(
            "source_snapshot_id", F.lit(snapshot_id).cast("long")
        )
        target = ensure_table(catalog, namespace, tables.ANOMALIES_REPROCESSED)
        append_batch(target, conform(out.toArrow(), tables.ANOMALIES_REPROCESSED), f"reprocess-{run}", 0)
        mine = {r["alert_id"]: r["alert_type"] for r in alerts.select("alert_id", "alert_type").collect()}
    finally:
        alerts.unpersist()

    stream = (
        catalog.load_table(f"{namespace}.{tables.ANOMALY_ALERTS.name}")
        .scan(selected_fields=("alert_id", "alert_type", "detected_at"))
        .to_arrow()
    )
    lo = arrow["timestamp"].to_pylist() if arrow.num_rows else []
    low, high = (min(lo), max(lo)) if lo else (None, None)
    theirs: dict[str, str] = {}
    for aid, kind, when in zip(
        stream["alert_id"].to_pylist(),
        stream["alert_type"].to_pylist(),
        stream["detected_at"].to_pylist(),
        strict=True,
    ):
        # windows close after their last trade: compare what the snapshot's trade range can explain
        if low is not None and high is not None and low <= when and (when <= high or kind != "whale_trade"):
            theirs[aid] = kind
    return ComparisonReport(
        run_id=run,
        source_snapshot_id=snapshot_id,
        trades=arrow.num_rows,
        reprocessed=len(mine),
        stream_alerts=len(theirs),
        matched=len(set(mine) & set(theirs)),
        only_reprocessed=sorted(set(mine) - set(theirs)),
        only_stream=sorted(set(theirs) - set(mine)),
        reprocessed_by_type=dict(Counter(mine.values())),
        stream_by_type=dict(Counter(theirs.values())),
    )
