"""The streaming job logs JSON lines carrying the micro-batch's correlation ids and the alerts' lineage."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from coattail.jobs import joblog
from coattail.jobs.config import load_config
from coattail.jobs.pipeline import Pipeline

from .conftest import files_settings, make_trade, scan_alerts

pytestmark = [pytest.mark.emulator, pytest.mark.spark, pytest.mark.slow]


@pytest.fixture
def job_log() -> Iterator[io.StringIO]:
    """The job's logging as ``streaming.main`` configures it, into a buffer; the root restored after."""
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    buffer = io.StringIO()
    joblog.configure("INFO", buffer)
    try:
        yield buffer
    finally:
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)
        joblog.clear_job_fields()


def test_a_batch_logs_one_json_summary_with_its_ids_and_the_whales_event(
    spark: Any, aws: Any, resources: dict[str, Any], endpoint_url: str, tmp_path: Any, job_log: io.StringIO
) -> None:
    settings, inbox = files_settings(resources, endpoint_url, tmp_path)
    now = datetime.now(UTC) - timedelta(seconds=30)
    whale = make_trade(now, price=60_000.0, quantity=30.0)  # 1.8 M USD: a critical whale
    trades = [whale, *(make_trade(now + timedelta(seconds=i)) for i in range(5))]
    (inbox / "batch.jsonl").write_text("\n".join(json.dumps(t) for t in trades) + "\n")
    joblog.set_job_fields(spark_app_id=spark.sparkContext.applicationId)
    pipeline = Pipeline(spark, load_config(tier="minimal"), settings)
    pipeline.start()
    try:
        pipeline.process_all_available()
    finally:
        pipeline.stop()

    records = [json.loads(line) for line in job_log.getvalue().splitlines()]  # every line is JSON
    summaries = [r for r in records if r["logger"] == "jobs.pipeline" and "rows" in r]
    assert summaries, job_log.getvalue()
    first = summaries[0]
    assert first["level"] == "INFO" and first["batch_id"] == 0
    assert first["correlation_id"] == f"{pipeline.query_name}:0" and first["query"] == pipeline.query_name
    assert first["spark_app_id"] == spark.sparkContext.applicationId
    assert first["rows"] == len(trades)
    (alert,) = [a for a in scan_alerts(aws, resources["table"]) if a["alert_type"] == "whale_trade"]
    assert first["new_alerts"] == 1 and first["alert_ids"] == [alert["alert_id"]]
    assert first["event_correlation_ids"] == [whale["correlation_id"]]  # producer -> stream -> alert
    assert all(r["correlation_id"] == f"{pipeline.query_name}:{r['batch_id']}" for r in summaries)


class FailingSink(Pipeline):
    """A pipeline whose micro-batch work fails the way a sink that is down makes it fail."""

    def _process(self, df: Any, batch_id: int) -> None:
        raise RuntimeError("sink down")


def test_a_failed_batch_logs_an_error_record_with_its_ids_and_a_record_outside_has_none(
    spark: Any, resources: dict[str, Any], endpoint_url: str, tmp_path: Any, job_log: io.StringIO
) -> None:
    settings, _ = files_settings(resources, endpoint_url, tmp_path)
    pipeline = FailingSink(spark, load_config(tier="minimal"), settings)
    logging.getLogger("jobs.pipeline").info("starting")
    with pytest.raises(RuntimeError, match="sink down"):
        pipeline.process_batch(spark.range(3), 7)
    records = [json.loads(line) for line in job_log.getvalue().splitlines()]  # every line is JSON
    outside, failed = (r for r in records if r["logger"] == "jobs.pipeline")
    assert "batch_id" not in outside and outside["message"] == "starting"
    assert failed["level"] == "ERROR" and failed["message"] == "batch 7 failed"
    assert failed["batch_id"] == 7 and failed["correlation_id"] == f"{pipeline.query_name}:7"
    assert "sink down" in failed["exception"]
