"""The streaming application: one source, up to three streaming queries, their sinks.

Why several queries: the gate's duplicate rule needs a 1 h horizon while the detectors need
30 s / 15 s watermarks, and a query has one global watermark. So:

- ``ingest``: gate (rules 1-6, duplicates bounded by arrival time) -> DLQ zone, raw_trades,
  MOD-002 whales (per record, no window) -> whale_trades, anomaly_alerts, DynamoDB;
  quality metrics from the query's observed metrics (a listener, once per micro-batch).
- ``volume`` (MOD-001): gate rules 1-3 -> 60 s windows -> scored against the past hour read back
  from volume_aggregates -> volume_aggregates, alerts.
- ``spread`` (MOD-003): gate rules 1-3 -> 30 s VWAP windows -> paired across exchanges ->
  exchange_spreads, alerts.

Every query has its own checkpoint folder and the same trigger. All sinks are idempotent per
micro-batch (Iceberg snapshot marker, deterministic DLQ keys, conditional DynamoDB puts).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pyarrow as pa
from ctc.aws import AwsTarget
from pyspark.errors import StreamingQueryException
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.streaming import StreamingQuery, StreamingQueryListener

from jobs.alerts import AlertContext
from jobs.config import PipelineConfig
from jobs.detectors.spread import spread_alerts, spreads, vwap_windows
from jobs.detectors.volume import score_volume, volume_alerts, volume_windows
from jobs.detectors.whale import flag_whales, whale_alerts, whale_trades
from jobs.kinesis_source import KinesisDataSource
from jobs.quality import (
    dlq_records,
    drop_duplicate_events,
    flag_late,
    flag_quote_volume,
    gate,
    passed,
)
from jobs.sinks import tables
from jobs.sinks.dlq import write_dlq
from jobs.sinks.dynamodb import put_alerts
from jobs.sinks.iceberg import CatalogSettings, append_batch, conform, ensure_tables, open_catalog
from jobs.sinks.metrics import QualityCounts, put_alert_counts, put_quality

log = logging.getLogger("jobs.pipeline")
GATE_METRICS, KEPT_METRICS = "ctc_gate", "ctc_kept"


@dataclass(frozen=True)
class SourceSettings:
    """``kind`` = "kinesis" (stream_name, endpoint) or "files" (path: a folder of JSON-lines files)."""

    kind: str
    stream_name: str | None = None
    path: str | None = None
    max_records_per_shard: int = 10_000
    starting_position: str = "TRIM_HORIZON"


@dataclass(frozen=True)
class JobSettings:
    source: SourceSettings
    checkpoint_dir: str
    catalog: CatalogSettings
    alerts_table: str
    raw_bucket: str
    trigger_seconds: float
    target: AwsTarget = field(default_factory=AwsTarget)
    name: str = "ctc-dev"


def read_source(spark: SparkSession, settings: JobSettings) -> DataFrame:
    """The trades source as a streaming frame in ``jobs.quality.SOURCE_SCHEMA``."""
    src = settings.source
    if src.kind == "kinesis":
        if not src.stream_name:
            raise ValueError("kinesis source needs a stream name")
        spark.dataSource.register(KinesisDataSource)
        reader = (
            spark.readStream.format(KinesisDataSource.name())
            .option("streamName", src.stream_name)
            .option("region", settings.target.region)
            .option("maxRecordsPerShard", str(src.max_records_per_shard))
            .option("startingPosition", src.starting_position)
        )
        if settings.target.endpoint_url:
            reader = reader.option("endpointUrl", settings.target.endpoint_url)
        return reader.load()
    if src.kind == "files":
        if not src.path:
            raise ValueError("files source needs a path")
        lines = spark.readStream.format("text").load(src.path)
        return lines.select(
            F.col("value").alias("data"),
            F.lit(None).cast("string").alias("partition_key"),
            F.expr("uuid()").alias("sequence_number"),  # unique per line: DLQ rows never collapse
            F.col("_metadata.file_path").alias("shard_id"),
            F.col("_metadata.file_modification_time").alias("arrival_time"),
        )
    raise ValueError(f"source kind must be 'kinesis' or 'files', got {src.kind!r}")


def _iso(ts: datetime) -> str:
    return (ts if ts.tzinfo else ts.replace(tzinfo=UTC)).isoformat()


class QualityListener(StreamingQueryListener):
    """Publishes ``CryptoPulse/Quality`` from the ingest query's observed metrics, per micro-batch."""

    def __init__(self, query_name: str, cloudwatch: Any, pipeline: str) -> None:
        self.query_name = query_name
        self.pipeline = pipeline
        self.cloudwatch = cloudwatch
        self.published: list[QualityCounts] = []

    def onQueryStarted(self, event: Any) -> None:
        pass

    def onQueryIdle(self, event: Any) -> None:
        pass

    def onQueryTerminated(self, event: Any) -> None:
        pass

    def onQueryProgress(self, event: Any) -> None:
        progress = event.progress
        if progress.name != self.query_name:
            return
        observed = progress.observedMetrics
        if GATE_METRICS not in observed or KEPT_METRICS not in observed:
            return
        gate_row, kept_row = observed[GATE_METRICS], observed[KEPT_METRICS]
        processed = int(gate_row["processed"] or 0)
        if processed == 0:
            return
        kept = int(kept_row["kept"] or 0)
        counts = QualityCounts(
            processed=processed,
            failed=int(gate_row["failed"] or 0),
            duplicate=processed - kept,
            late=int(kept_row["late"] or 0),
        )
        try:
            put_quality(self.cloudwatch, counts, self.pipeline)
            self.published.append(counts)
        except Exception:  # a metrics outage must not stop the stream; it is logged
            log.exception("publishing quality metrics failed for batch %s", progress.batchId)


class Pipeline:
    """Builds and starts the queries; the SparkSession and all settings are passed in."""

    def __init__(
        self, spark: SparkSession, config: PipelineConfig, settings: JobSettings, max_restarts: int = 3
    ) -> None:
        self.spark = spark
        self.config = config
        self.settings = settings
        self.ctx = AlertContext(pipeline_version=config.pipeline_version, ttl_hours=config.alerts.ttl_hours)
        self.catalog = open_catalog(settings.catalog)
        self.tables = ensure_tables(self.catalog, settings.catalog.namespace)
        self.dynamodb = settings.target.client("dynamodb")
        self.s3 = settings.target.client("s3")
        self.cloudwatch = settings.target.client("cloudwatch")
        self.listener: QualityListener | None = None
        self.queries: list[StreamingQuery] = []
        self.max_restarts = max_restarts
        self._restarts: dict[str, int] = {}
        self._specs: dict[str, tuple[Callable[[], DataFrame], str, Any]] = {}

    # -- shared sink steps ---------------------------------------------------------------------
    def _append(self, table: tables.TableSpec, data: pa.Table, writer: str, batch_id: int) -> None:
        append_batch(self.tables[table.name], conform(data, table), writer, batch_id)

    def deliver_alerts(self, alerts: DataFrame, writer: str, batch_id: int) -> int:
        """anomaly_alerts (Iceberg) + DynamoDB + alert-count metrics; returns new alerts written."""
        arrow = alerts.toArrow()
        if arrow.num_rows == 0:
            return 0
        self._append(tables.ANOMALY_ALERTS, arrow, writer, batch_id)
        result = put_alerts(self.dynamodb, self.settings.alerts_table, arrow.to_pylist())
        put_alert_counts(self.cloudwatch, result.written_by_type or {})
        return result.written

    # -- micro-batch handlers ------------------------------------------------------------------
    def ingest_batch(self, df: DataFrame, batch_id: int) -> None:
        writer = f"{self.settings.name}-ingest"
        df.persist()
        try:
            failed_rows = dlq_records(df).toArrow().to_pylist()
            if failed_rows:
                write_dlq(self.s3, self.settings.raw_bucket, failed_rows, writer, batch_id)
            clean = passed(df).drop("timestamp").withColumnRenamed("event_time", "timestamp")
            # only the table's columns cross to Python (not the raw payload)
            self._append(
                tables.RAW_TRADES, clean.select(*tables.RAW_TRADES.schema.names).toArrow(), writer, batch_id
            )
            whale = self.config.detectors.whale
            if self.config.enabled(whale.module_id):
                whales = passed(df).transform(flag_whales(whale)).persist()
                found = whale_trades(whales).toArrow()
                if found.num_rows:
                    self._append(tables.WHALE_TRADES, found, writer, batch_id)
                    self.deliver_alerts(whales.transform(whale_alerts(whale, self.ctx)), writer, batch_id)
                whales.unpersist()
        finally:
            df.unpersist()

    def volume_history(self, new: DataFrame) -> DataFrame | None:
        """Closed windows of the past hour from volume_aggregates, minus those in this batch."""
        cfg = self.config.detectors.volume_anomaly
        bounds = new.agg(F.min("window_start").alias("lo"), F.max("window_start").alias("hi")).first()
        if bounds is None or bounds["lo"] is None:
            return None
        since = bounds["lo"] - timedelta(seconds=cfg.baseline_seconds)
        table = self.tables[tables.VOLUME_AGGREGATES.name]
        table.refresh()
        arrow = table.scan(
            row_filter=f"window_start >= '{_iso(since)}' AND window_start < '{_iso(bounds['hi'])}'",
            selected_fields=("symbol", "exchange", "window_start", "window_end", "volume", "trade_count"),
        ).to_arrow()
        if arrow.num_rows == 0:
            return None
        history = self.spark.createDataFrame(arrow)
        return history.join(
            new.select("symbol", "exchange", "window_start"),
            ["symbol", "exchange", "window_start"],
            "left_anti",
        )

    def volume_batch(self, df: DataFrame, batch_id: int) -> None:
        writer = f"{self.settings.name}-volume"
        cfg = self.config.detectors.volume_anomaly
        df.persist()
        try:
            if df.isEmpty():
                return
            new = df.withColumn("_new", F.lit(True))
            history = self.volume_history(df)
            combined = (
                new
                if history is None
                else new.unionByName(history.withColumn("_new", F.lit(False)), allowMissingColumns=True)
            )
            scored = combined.transform(score_volume(cfg)).where(F.col("_new")).persist()
            self._append(tables.VOLUME_AGGREGATES, scored.toArrow(), writer, batch_id)
            self.deliver_alerts(scored.transform(volume_alerts(cfg, self.ctx)), writer, batch_id)
            scored.unpersist()
        finally:
            df.unpersist()

    def spread_batch(self, df: DataFrame, batch_id: int) -> None:
        writer = f"{self.settings.name}-spread"
        cfg = self.config.detectors.spread
        rows = df.transform(spreads(cfg)).persist()
        try:
            arrow = rows.toArrow()
            if arrow.num_rows:  # most micro-batches close no window
                self._append(tables.EXCHANGE_SPREADS, arrow, writer, batch_id)
                self.deliver_alerts(rows.transform(spread_alerts(cfg, self.ctx)), writer, batch_id)
        finally:
            rows.unpersist()

    # -- query wiring ----------------------------------------------------------------------------
    def _gated(self) -> DataFrame:
        return read_source(self.spark, self.settings).transform(gate(self.config.quality.symbols))

    def _start(self, build: Callable[[], DataFrame], name: str, handler: Any) -> StreamingQuery:
        query_name = f"{self.settings.name}-{name}"
        query = (
            build()
            .writeStream.queryName(query_name)
            .outputMode("append")
            .option("checkpointLocation", f"{self.settings.checkpoint_dir.rstrip('/')}/{name}")
            .trigger(processingTime=f"{self.settings.trigger_seconds} seconds")
            .foreachBatch(handler)
            .start()
        )
        self._specs[query_name] = (build, name, handler)
        self.queries.append(query)
        return query

    def _restart(self, failed: StreamingQuery, error: Exception) -> StreamingQuery:
        """Restart a failed query from its checkpoint (bounded); the sinks make replays harmless."""
        name = failed.name
        self._restarts[name] = self._restarts.get(name, 0) + 1
        if self._restarts[name] > self.max_restarts or name not in self._specs:
            raise error
        log.warning("query %s failed (%s); restart %d from its checkpoint", name, error, self._restarts[name])
        self.queries.remove(failed)
        build, short, handler = self._specs[name]
        return self._start(build, short, handler)

    def ingest_frame(self) -> DataFrame:
        q = self.config.quality
        failed = F.col("dlq_reason").isNotNull().cast("long")
        ok = F.col("dlq_reason").isNull()
        return (
            self._gated()
            .observe(GATE_METRICS, F.count(F.lit(1)).alias("processed"), F.sum(failed).alias("failed"))
            .transform(drop_duplicate_events(q.duplicate_horizon))
            .transform(flag_late(q.late_after_seconds))
            .transform(flag_quote_volume(q.quote_volume_tolerance))
            .observe(
                KEPT_METRICS,
                F.count(F.lit(1)).alias("kept"),
                F.sum((ok & F.col("is_late")).cast("long")).alias("late"),
                F.sum((ok & F.col("quote_volume_mismatch")).cast("long")).alias("quote_volume_warnings"),
            )
        )

    def start(self) -> list[StreamingQuery]:
        self.listener = QualityListener(f"{self.settings.name}-ingest", self.cloudwatch, self.settings.name)
        self.spark.streams.addListener(self.listener)
        self._start(self.ingest_frame, "ingest", self.ingest_batch)
        detectors = self.config.detectors
        if self.config.enabled(detectors.volume_anomaly.module_id):
            cfg_v = detectors.volume_anomaly
            self._start(
                lambda: self._gated().transform(passed).transform(volume_windows(cfg_v)),
                "volume",
                self.volume_batch,
            )
        if self.config.enabled(detectors.spread.module_id):
            cfg_s = detectors.spread
            self._start(
                lambda: self._gated().transform(passed).transform(vwap_windows(cfg_s)),
                "spread",
                self.spread_batch,
            )
        return self.queries

    def process_all_available(self) -> None:
        """Block until every query has processed what its source holds (tests, benchmarks)."""
        pending = list(self.queries)
        while pending:
            query = pending.pop(0)
            try:
                query.processAllAvailable()
            except StreamingQueryException as exc:
                pending.append(self._restart(query, exc))

    def heal(self) -> int:
        """Restart every query that terminated with an error; returns how many were restarted."""
        restarted = 0
        for query in list(self.queries):
            if query.isActive:
                continue
            error = query.exception()
            if error is not None:
                self._restart(query, error)
                restarted += 1
            else:
                self.queries.remove(query)  # stopped on purpose
        return restarted

    def run_forever(self, poll_seconds: float = 5.0) -> None:
        """Serve until every query is stopped; a query failing more than ``max_restarts`` times raises."""
        while self.queries:
            with contextlib.suppress(StreamingQueryException):  # heal() finds the failed query
                self.spark.streams.awaitAnyTermination(max(1, int(poll_seconds)))
            self.spark.streams.resetTerminated()
            self.heal()

    def stop(self) -> None:
        for query in self.queries:
            query.stop()
        self.queries = []
        if self.listener is not None:
            self.spark.streams.removeListener(self.listener)
            self.listener = None
