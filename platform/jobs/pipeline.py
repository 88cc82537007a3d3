"""The streaming application: one source, ONE streaming query, one micro-batch handler.

Each micro-batch is read, parsed and gated once. The query's output is one envelope (a union by
name, ``_branch`` telling the rows apart) of three branches of the gated frame:

- ``trade``: every record after the duplicate rule (rule 4, arrival-time horizon) and the flags of
  rules 5-6: failed ones go to the DLQ zone, passed ones to raw_trades and MOD-002 (whales);
- ``volume``: MOD-001 60 s windows, closed at their watermark -> scored against the past hour read
  back from volume_aggregates;
- ``spread``: MOD-003 30 s VWAP windows, closed at their watermark -> paired across exchanges.

The branches share the query's single global watermark without changing any detector's own
delay (see ``coattail.jobs.detectors.windows`` and ``coattail.jobs.quality.drop_duplicate_events``).
Each branch scans the micro-batch and parses it once (``coattail.jobs.quality.gate`` keeps filters
from inlining the parse); Spark does not share the scan between a union's branches. The handler persists the
envelope, computes it once, delivers the alerts first (the whales', and the windows' after their
small tables), then writes the trade tables, the bulk of the batch: their data files are written by
Spark's tasks and the driver only commits the file list (``coattail.jobs.sinks.executor_writes``).
Each table is written once per micro-batch (all alerts together) and every sink is idempotent per
batch id (Iceberg snapshot marker, deterministic DLQ keys, conditional DynamoDB puts), so a replayed
micro-batch changes nothing.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pyarrow as pa
from pyspark.errors import StreamingQueryException
from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.streaming import StreamingQuery, StreamingQueryListener

from coattail.core.aws import AwsTarget
from coattail.jobs import joblog
from coattail.jobs.alerts import AlertContext
from coattail.jobs.config import PipelineConfig
from coattail.jobs.detectors.spread import spread_alerts, spreads, vwap_aggregations
from coattail.jobs.detectors.volume import score_volume, volume_aggregations, volume_alerts
from coattail.jobs.detectors.whale import flag_whales, whale_alerts, whale_trades
from coattail.jobs.detectors.windows import interval_seconds, window_aggregate, with_event_watermark
from coattail.jobs.kinesis_source import KinesisDataSource
from coattail.jobs.quality import (
    dlq_records,
    drop_duplicate_events,
    flag_late,
    flag_quote_volume,
    gate,
    passed,
    passed_condition,
)
from coattail.jobs.sinks import executor_writes, tables
from coattail.jobs.sinks.dlq import write_dlq
from coattail.jobs.sinks.dynamodb import put_alerts
from coattail.jobs.sinks.executor_writes import append_from_executors
from coattail.jobs.sinks.iceberg import CatalogSettings, append_batch, conform, ensure_tables, open_catalog
from coattail.jobs.sinks.metrics import QualityCounts, put_alert_counts, put_quality

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
    # files source: a backlog of files is read a few at a time, so one micro-batch stays within
    # the driver's memory (a 400 k-line batch ran a 1 GB local driver out of heap)
    max_files_per_trigger: int = 4


TRADE_WRITES = ("auto", "executors", "driver")


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
    # who writes the trade tables' data files: "executors" (Spark's tasks; the driver commits the
    # file list), "driver" (collected as Arrow and written by the driver), or "auto": the driver for
    # a batch of at most driver_write_max_rows rows (a write job's fixed ~3 s would dominate a small,
    # level batch), the executors above it (catch-up batches: the driver's memory stays bounded by
    # this setting, not by the batch). benchmarks/jobs_throughput.py --compare-writes measures both.
    trade_writes: str = "auto"
    driver_write_max_rows: int = 20_000

    def __post_init__(self) -> None:
        if self.trade_writes not in TRADE_WRITES:
            raise ValueError(f"trade_writes must be one of {TRADE_WRITES}, got {self.trade_writes!r}")
        if self.driver_write_max_rows < 0:
            raise ValueError(f"driver_write_max_rows must be >= 0, got {self.driver_write_max_rows}")

    def writes_on_driver(self, rows: int) -> bool:
        """Whether a micro-batch of ``rows`` rows has its trade tables written by the driver."""
        if self.trade_writes == "auto":
            return rows <= self.driver_write_max_rows
        return self.trade_writes == "driver"


def read_source(spark: SparkSession, settings: JobSettings) -> DataFrame:
    """The trades source as a streaming frame in ``coattail.jobs.quality.SOURCE_SCHEMA``."""
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
        lines = (
            spark.readStream.format("text")
            .option("maxFilesPerTrigger", str(src.max_files_per_trigger))
            .load(src.path)
        )
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


ALERT_IDS_LOGGED = 20  # ids a batch's summary line lists (the count is always whole)


@dataclass(frozen=True)
class Delivered:
    """The alerts a micro-batch added: how many, their ids and their source events' correlation ids."""

    written: int = 0
    alert_ids: list[str] = field(default_factory=list)
    event_correlation_ids: list[str] = field(default_factory=list)


def event_correlation_id(alert: dict[str, Any]) -> str:
    """The correlation id of the exchange event an alert row came from (its ``details._lineage``)."""
    try:
        lineage = json.loads(alert.get("details") or "{}").get("_lineage") or {}
    except (TypeError, ValueError):
        return ""
    return str(lineage.get("correlation_id") or "")


BRANCH = "_branch"
TRADES, VOLUME, SPREAD = "trade", "volume", "spread"
QUERY = "stream"
# Python workers missing Spark's fixed 10 s connect-back on a loaded machine, and the like:
# worth a retry from the checkpoint. Anything else (a bad option, a missing table) fails at once.
TRANSIENT_START_ERRORS = ("python worker", "connect back", "timed out", "timeout", "connection refused")


def is_transient(error: BaseException) -> bool:
    text = str(error).lower()
    return any(marker in text for marker in TRANSIENT_START_ERRORS)


class Pipeline:
    """Builds and starts the query; the SparkSession and all settings are passed in."""

    def __init__(
        self, spark: SparkSession, config: PipelineConfig, settings: JobSettings, max_restarts: int = 3
    ) -> None:
        self.spark = spark
        self.config = config
        self.settings = settings
        self.ctx = AlertContext(pipeline_version=config.pipeline_version, ttl_hours=config.alerts.ttl_hours)
        self.catalog = open_catalog(settings.catalog)
        self.tables = ensure_tables(self.catalog, settings.catalog.namespace)
        executor_writes.register(spark)
        self.dynamodb = settings.target.client("dynamodb")
        self.s3 = settings.target.client("s3")
        self.cloudwatch = settings.target.client("cloudwatch")
        self.listener: QualityListener | None = None
        self.queries: list[StreamingQuery] = []
        self.max_restarts = max_restarts
        self.restarts = 0
        self.writer = f"{settings.name}-{QUERY}"
        self._columns: dict[str, list[str]] = {}

    @property
    def branches(self) -> list[str]:
        """The envelope's branches (trade, then the enabled window detectors), once started."""
        return list(self._columns)

    @property
    def query_name(self) -> str:
        return f"{self.settings.name}-{QUERY}"

    # -- shared sink steps ---------------------------------------------------------------------
    def _append(self, table: tables.TableSpec, data: pa.Table, batch_id: int) -> None:
        append_batch(self.tables[table.name], conform(data, table), self.writer, batch_id)

    def _append_frame(
        self, table: tables.TableSpec, frame: DataFrame, batch_id: int, on_driver: bool
    ) -> None:
        """A frame that grows with the batch: written by the executors and committed here, or, for a
        small batch (``JobSettings.writes_on_driver``), collected and written here."""
        if on_driver:
            self._append(table, frame.select(*table.schema.names).toArrow(), batch_id)
            return
        append_from_executors(frame, self.tables[table.name], self.settings.catalog, self.writer, batch_id)

    def deliver_alerts(self, alerts: list[DataFrame], batch_id: int) -> Delivered:
        """anomaly_alerts (one Iceberg commit) + DynamoDB + alert-count metrics; what was new."""
        if not alerts:
            return Delivered()
        combined = alerts[0]
        for more in alerts[1:]:
            combined = combined.unionByName(more)
        arrow = combined.toArrow()
        if arrow.num_rows == 0:
            return Delivered()
        self._append(tables.ANOMALY_ALERTS, arrow, batch_id)
        rows = arrow.to_pylist()
        result = put_alerts(self.dynamodb, self.settings.alerts_table, rows)
        put_alert_counts(self.cloudwatch, result.written_by_type or {})
        lineage = {str(r["alert_id"]): event_correlation_id(r) for r in rows}
        return Delivered(
            result.written, result.written_ids, [lineage[a] for a in result.written_ids if lineage[a]]
        )

    # -- branch handlers: each returns its alert frames (the windows' write their small tables) ---
    def trade_alerts(self, df: DataFrame, batch_id: int) -> list[DataFrame]:
        """MOD-002 whale alerts from the de-duplicated records (nothing is written here): they come
        from the data, so a replayed batch re-delivers them and the conditional puts keep DynamoDB
        exact."""
        whale = self.config.detectors.whale
        if not self.config.enabled(whale.module_id):
            return []
        return [passed(df).transform(flag_whales(whale)).transform(whale_alerts(whale, self.ctx))]

    def trade_tables(self, df: DataFrame, batch_id: int, rows: int) -> None:
        """DLQ zone, raw_trades and whale_trades. The trade tables grow with the batch: above
        ``JobSettings.driver_write_max_rows`` rows their data files are written by the executors and
        the driver commits their list."""
        on_driver = self.settings.writes_on_driver(rows)
        failed_rows = dlq_records(df).toArrow().to_pylist()
        if failed_rows:
            write_dlq(self.s3, self.settings.raw_bucket, failed_rows, self.writer, batch_id)
        clean = passed(df).drop("timestamp").withColumnRenamed("event_time", "timestamp")
        self._append_frame(tables.RAW_TRADES, clean, batch_id, on_driver)
        whale = self.config.detectors.whale
        if self.config.enabled(whale.module_id):
            self._append_frame(
                tables.WHALE_TRADES,
                whale_trades(passed(df).transform(flag_whales(whale))),
                batch_id,
                on_driver,
            )

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

    def volume_rows(self, df: DataFrame, batch_id: int) -> list[DataFrame]:
        """MOD-001: the windows closed in this batch, scored -> volume_aggregates (+ alerts)."""
        cfg = self.config.detectors.volume_anomaly
        if df.isEmpty():
            return []
        new = df.withColumn("_new", F.lit(True))
        history = self.volume_history(df)
        combined = (
            new
            if history is None
            else new.unionByName(history.withColumn("_new", F.lit(False)), allowMissingColumns=True)
        )
        scored = combined.transform(score_volume(cfg)).where(F.col("_new")).drop("_new").toArrow()
        self._append(tables.VOLUME_AGGREGATES, scored, batch_id)
        return [self.spark.createDataFrame(scored).transform(volume_alerts(cfg, self.ctx))]

    def spread_rows(self, df: DataFrame, batch_id: int) -> list[DataFrame]:
        """MOD-003: the windows closed in this batch, paired across exchanges -> exchange_spreads."""
        cfg = self.config.detectors.spread
        arrow = df.transform(spreads(cfg)).toArrow()
        if arrow.num_rows == 0:  # most micro-batches close no window
            return []
        self._append(tables.EXCHANGE_SPREADS, arrow, batch_id)
        return [self.spark.createDataFrame(arrow).transform(spread_alerts(cfg, self.ctx))]

    def process_batch(self, df: DataFrame, batch_id: int) -> None:
        """The foreachBatch handler: every record it logs carries the batch's correlation ids, and a
        failure is logged as an ERROR record (the job's error filter counts it) before it propagates."""
        df.persist()
        try:
            with joblog.correlation(
                query=self.query_name,
                batch_id=batch_id,
                correlation_id=joblog.batch_correlation_id(self.query_name, batch_id),
            ):
                try:
                    self._process(df, batch_id)
                except Exception:
                    log.exception("batch %d failed", batch_id)
                    raise
        finally:
            df.unpersist()

    def _process(self, df: DataFrame, batch_id: int) -> None:
        """Split the envelope; the windows' tables and every alert first, then the trade tables; each
        table written once; one summary line."""
        handlers = {TRADES: self.trade_alerts, VOLUME: self.volume_rows, SPREAD: self.spread_rows}
        clock = time.perf_counter()
        timings: dict[str, float] = {}

        def lap(name: str) -> None:
            nonlocal clock
            now = time.perf_counter()
            timings[name] = round(now - clock, 2)
            clock = now

        rows = df.count()  # computes the micro-batch (parse, gate, state) into the cache once
        lap("compute")
        branch_frames = {b: df.where(F.col(BRANCH) == b).select(*c) for b, c in self._columns.items()}
        alerts: list[DataFrame] = []
        for branch, frame in branch_frames.items():
            alerts += handlers[branch](frame, batch_id)
            lap(branch)
        # the alerts first: the trade tables, the bulk of a batch, are not on the alerts' path
        delivered = self.deliver_alerts(alerts, batch_id)
        lap("alerts")
        self.trade_tables(branch_frames[TRADES], batch_id, rows)
        lap("trade_tables")
        log.info(
            "batch %d: %d rows, %d new alerts; seconds %s",
            batch_id,
            rows,
            delivered.written,
            timings,
            extra={
                "rows": rows,
                "new_alerts": delivered.written,
                "seconds": timings,
                "alert_ids": delivered.alert_ids[:ALERT_IDS_LOGGED],
                "event_correlation_ids": delivered.event_correlation_ids[:ALERT_IDS_LOGGED],
            },
        )

    # -- the query -----------------------------------------------------------------------------
    def _window_detectors(self) -> list[tuple[str, str, str, tuple[Column, ...]]]:
        """(branch, window, watermark, aggregations) of the enabled window detectors."""
        d = self.config.detectors
        found = []
        if self.config.enabled(d.volume_anomaly.module_id):
            found.append((VOLUME, d.volume_anomaly.window, d.volume_anomaly.watermark, volume_aggregations()))
        if self.config.enabled(d.spread.module_id):
            found.append((SPREAD, d.spread.window, d.spread.watermark, vwap_aggregations()))
        return found

    def stream_frame(self) -> DataFrame:
        """The envelope: de-duplicated records and the closed windows of each window detector."""
        q = self.config.quality
        windows = self._window_detectors()
        lag = min((interval_seconds(w[2]) for w in windows), default=None)
        gated = read_source(self.spark, self.settings).transform(gate(q.symbols))
        failed = F.col("dlq_reason").isNotNull().cast("long")
        ok = passed_condition(gated)
        trades = (
            gated.observe(GATE_METRICS, F.count(F.lit(1)).alias("processed"), F.sum(failed).alias("failed"))
            .transform(drop_duplicate_events(q.duplicate_horizon, lag))
            .transform(flag_late(q.late_after_seconds))
            .transform(flag_quote_volume(q.quote_volume_tolerance))
            .observe(
                KEPT_METRICS,
                F.count(F.lit(1)).alias("kept"),
                F.sum((ok & F.col("is_late")).cast("long")).alias("late"),
                F.sum((ok & F.col("quote_volume_mismatch")).cast("long")).alias("quote_volume_warnings"),
            )
        )
        branches = {TRADES: trades}
        # Rows the detectors do not take (failed, or more than the late bound ahead of their arrival:
        # a skewed clock) still pass the watermark node, at the epoch: the node sees every
        # micro-batch its query sees (a batch of only failed records cannot leave the arrival-time
        # node alone to set the global watermark) without moving the watermark.
        detector_input = ok & (
            F.col("event_time") <= F.col("arrival_time") + F.expr(f"INTERVAL {q.late_after_seconds} SECONDS")
        )
        for branch, window, watermark, aggs in windows:
            assert lag is not None
            shift = interval_seconds(watermark) - lag
            fallback = F.expr("TIMESTAMP '1970-01-01 00:00:00'")
            marked = with_event_watermark(
                gated.withColumn("_detect", detector_input),
                watermark,
                shift,
                fallback=F.when(F.col("_detect"), F.col("event_time")).otherwise(fallback),
            )
            branches[branch] = window_aggregate(marked.where(F.col("_detect")), window, shift, *aggs)
        envelope: DataFrame | None = None
        for branch, frame in branches.items():
            tagged = frame.withColumn(BRANCH, F.lit(branch))
            self._columns[branch] = frame.columns
            envelope = tagged if envelope is None else envelope.unionByName(tagged, allowMissingColumns=True)
        assert envelope is not None
        return envelope

    def _start_once(self) -> StreamingQuery:
        return (
            self.stream_frame()
            .writeStream.queryName(self.query_name)
            .outputMode("append")
            .option("checkpointLocation", f"{self.settings.checkpoint_dir.rstrip('/')}/{QUERY}")
            .trigger(processingTime=f"{self.settings.trigger_seconds} seconds")
            .foreachBatch(self.process_batch)
            .start()
        )

    def _start(self) -> StreamingQuery:
        """Start the query; a transient start-up failure is retried like a failure after start."""
        while True:
            try:
                query = self._start_once()
            except Exception as exc:  # classified below: re-raised unless transient
                if not is_transient(exc) or self.restarts >= self.max_restarts:
                    raise
                self.restarts += 1
                log.warning("query start failed (%s); attempt %d", exc, self.restarts + 1)
                continue
            self.queries = [query]
            return query

    def _restart(self, error: Exception) -> StreamingQuery:
        """Restart the failed query from its checkpoint (bounded); the sinks make replays harmless."""
        if self.restarts >= self.max_restarts:
            raise error
        self.restarts += 1
        log.warning("query failed (%s); restart %d from its checkpoint", error, self.restarts)
        return self._start()

    def start(self) -> list[StreamingQuery]:
        self.listener = QualityListener(self.query_name, self.cloudwatch, self.settings.name)
        self.spark.streams.addListener(self.listener)
        try:
            self._start()
        except Exception:
            self.stop()
            raise
        return self.queries

    def process_all_available(self) -> None:
        """Block until the query has processed what its source holds (tests, benchmarks)."""
        while self.queries:
            try:
                self.queries[0].processAllAvailable()
                return
            except StreamingQueryException as exc:
                self._restart(exc)

    def heal(self) -> int:
        """Restart the query if it terminated with an error; returns how many were restarted."""
        restarted = 0
        for query in list(self.queries):
            if query.isActive:
                continue
            error = query.exception()
            self.queries.remove(query)
            if error is not None:
                self._restart(error)
                restarted += 1
        return restarted

    def run_forever(self, stop: threading.Event | None = None, poll_seconds: float = 1.0) -> None:
        """Serve until ``stop`` is set or the query is stopped; more than ``max_restarts`` failures raise."""
        while self.queries and not (stop is not None and stop.is_set()):
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
