"""Supervision of the streaming query: a transient failure at start-up or in a micro-batch is
retried from the checkpoint (bounded); anything else fails at once. Faults are injected into a real
Pipeline (files source, real SparkSession, emulator sinks); the retried run must still write every
trade exactly once."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pyspark.sql import DataFrame
from pyspark.sql.streaming import StreamingQuery

from coattail.jobs.config import load_config
from coattail.jobs.pipeline import Pipeline, is_transient

from .conftest import files_settings, make_trade

pytestmark = [pytest.mark.emulator, pytest.mark.spark, pytest.mark.slow]
WORKER_TIMEOUT = "org.apache.spark.SparkException: Python worker failed to connect back."


class FlakyStart(Pipeline):
    """The first ``failures`` starts fail the way a late Python worker makes them fail."""

    def __init__(self, *args: Any, failures: int, message: str = WORKER_TIMEOUT, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.failures, self.message, self.attempts = failures, message, 0

    def _start_once(self) -> StreamingQuery:
        self.attempts += 1
        if self.attempts <= self.failures:
            raise RuntimeError(self.message)
        return super()._start_once()


class FlakyBatch(Pipeline):
    """The first micro-batch fails after the sinks wrote (the replay must change nothing)."""

    failed = False

    def process_batch(self, df: DataFrame, batch_id: int) -> None:
        super().process_batch(df, batch_id)
        if not FlakyBatch.failed:
            FlakyBatch.failed = True
            raise RuntimeError(WORKER_TIMEOUT)


def feed(inbox: Path, n: int) -> set[str]:
    base = datetime.now(UTC) - timedelta(minutes=5)
    trades = [make_trade(base + timedelta(seconds=i)) for i in range(n)]
    (inbox / "trades.jsonl").write_text("\n".join(json.dumps(t) for t in trades) + "\n")
    return {t["event_id"] for t in trades}


def raw_ids(pipeline: Pipeline) -> list[str]:
    table = pipeline.tables["raw_trades"]
    table.refresh()
    ids: list[str] = table.scan().to_arrow()["event_id"].to_pylist()
    return ids


def test_transient_start_failure_is_retried_and_the_run_is_exact(spark, resources, endpoint_url, tmp_path):
    settings, inbox = files_settings(resources, endpoint_url, tmp_path)
    expected = feed(inbox, 12)
    pipeline = FlakyStart(spark, load_config(tier="minimal"), settings, failures=2, max_restarts=3)
    pipeline.start()
    try:
        pipeline.process_all_available()
    finally:
        pipeline.stop()
    assert pipeline.attempts == 3 and pipeline.restarts == 2
    ids = raw_ids(pipeline)
    assert sorted(ids) == sorted(expected)


def test_start_failures_beyond_the_bound_or_not_transient_raise(spark, resources, endpoint_url, tmp_path):
    settings, _ = files_settings(resources, endpoint_url, tmp_path)
    config = load_config(tier="minimal")
    too_many = FlakyStart(spark, config, settings, failures=5, max_restarts=2)
    with pytest.raises(RuntimeError, match="connect back"):
        too_many.start()
    assert too_many.attempts == 3
    bad_option = FlakyStart(spark, config, settings, failures=1, message="streamName is required")
    with pytest.raises(RuntimeError, match="streamName"):
        bad_option.start()
    assert bad_option.attempts == 1 and bad_option.restarts == 0
    assert spark.streams.active == []


def test_failure_after_start_restarts_from_the_checkpoint_without_duplicates(
    spark, resources, endpoint_url, tmp_path
):
    settings, inbox = files_settings(resources, endpoint_url, tmp_path)
    expected = feed(inbox, 15)
    FlakyBatch.failed = False
    pipeline = FlakyBatch(spark, load_config(tier="minimal"), settings, max_restarts=2)
    pipeline.start()
    try:
        pipeline.process_all_available()  # the failed batch is replayed by the restarted query
    finally:
        pipeline.stop()
    assert FlakyBatch.failed and pipeline.restarts == 1
    ids = raw_ids(pipeline)
    assert sorted(ids) == sorted(expected)  # the replay found its Iceberg snapshot and skipped


def test_transient_errors_are_told_apart():
    assert is_transient(RuntimeError(WORKER_TIMEOUT))
    assert is_transient(RuntimeError("java.net.SocketTimeoutException: Accept timed out"))
    assert not is_transient(ValueError("kinesis source needs a stream name"))
