"""``python -m coattail.jobs.streaming`` killed with SIGKILL mid-stream and started again from its checkpoint:
no alert lost, none duplicated, every trade once in raw_trades."""

from __future__ import annotations

import json
import os
import signal
import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from coattail.jobs.sinks.iceberg import CatalogSettings, open_catalog

from .conftest import make_trade, put_payloads, scan_alerts
from .conftest import start_streaming_job as _start
from .conftest import wait_for_job as _wait

pytestmark = [pytest.mark.emulator, pytest.mark.spark, pytest.mark.slow]


@pytest.fixture()
def live_project(aws):
    """A deployed-looking project: SSM parameters naming a real stream, table and bucket."""
    name = f"ck{uuid.uuid4().hex[:6]}"
    prefix = f"{name}-dev"
    kinesis, ddb, s3, ssm = aws("kinesis"), aws("dynamodb"), aws("s3"), aws("ssm")
    kinesis.create_stream(StreamName=f"{prefix}-trades", ShardCount=2)
    kinesis.get_waiter("stream_exists").wait(StreamName=f"{prefix}-trades", WaiterConfig={"Delay": 1})
    ddb.create_table(
        TableName=f"{prefix}-alerts",
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[
            {"AttributeName": "alert_id", "AttributeType": "S"},
            {"AttributeName": "detected_at", "AttributeType": "S"},
        ],
        KeySchema=[
            {"AttributeName": "alert_id", "KeyType": "HASH"},
            {"AttributeName": "detected_at", "KeyType": "RANGE"},
        ],
    )
    s3.create_bucket(Bucket=f"{prefix}-raw")
    buckets = {"raw": f"{prefix}-raw", "processed": "p", "checkpoint": "c", "athena_results": "a"}
    values = {
        "kinesis/trades-stream-name": f"{prefix}-trades",
        "kinesis/dlq-stream-name": f"{prefix}-trades-dlq",
        "dynamodb/alerts-table-name": f"{prefix}-alerts",
        "s3/bucket-names": json.dumps(buckets),
        "glue/database-name": f"{name}_dev_lakehouse",
        "config/symbols": "BTC-USDT,ETH-USDT,SOL-USDT",
    }
    for key, value in values.items():
        ssm.put_parameter(Name=f"/{name}/dev/{key}", Value=value, Type="String")
    yield name
    kinesis.delete_stream(StreamName=f"{prefix}-trades", EnforceConsumerDeletion=True)
    ddb.delete_table(TableName=f"{prefix}-alerts")


def test_sigkilled_job_resumes_from_its_checkpoint(aws, endpoint_url, live_project, tmp_path):
    name = live_project
    stream, table = f"{name}-dev-trades", f"{name}-dev-alerts"
    kinesis = aws("kinesis")
    base = datetime.now(UTC) - timedelta(minutes=2)
    whale1 = make_trade(base, price=60_000.0, quantity=10.0)  # 600 k: high
    whale2 = make_trade(
        base + timedelta(seconds=30), symbol="ETH-USDT", price=3_000.0, quantity=400.0
    )  # 1.2 M
    first = [make_trade(base + timedelta(seconds=i)) for i in range(30)] + [whale1, "{not json"]
    second = [make_trade(base + timedelta(seconds=40 + i)) for i in range(20)] + [
        whale2,
        whale1,
    ]  # whale1 again
    state, log = tmp_path / "state", tmp_path / "job.log"

    put_payloads(kinesis, stream, first)
    job = _start(name, endpoint_url, state, log)
    try:
        _wait(lambda: len(scan_alerts(aws, table)) >= 1, job, log)
        put_payloads(kinesis, stream, second)
        time.sleep(1)  # let it pick part of the second half up, then kill it hard
    finally:
        os.killpg(job.pid, signal.SIGKILL)
        job.wait(30)

    job = _start(name, endpoint_url, state, log)
    catalog = open_catalog(
        CatalogSettings(kind="sql", namespace=f"{name}_dev_lakehouse", warehouse=str(state / "warehouse"))
    )
    unique_valid = len({p["event_id"] for p in first + second if isinstance(p, dict)})

    def raw_rows() -> int:
        try:
            return len(catalog.load_table(f"{name}_dev_lakehouse.raw_trades").scan().to_arrow())
        except Exception:
            return 0

    try:
        _wait(lambda: len(scan_alerts(aws, table)) >= 2 and raw_rows() >= unique_valid, job, log)
        job.send_signal(signal.SIGTERM)  # a clean stop ends the run
        assert job.wait(90) == 0, log.read_text()[-3000:]
    finally:
        if job.poll() is None:
            os.killpg(job.pid, signal.SIGKILL)
            job.wait(30)

    alerts = scan_alerts(aws, table)
    assert sorted((a["symbol"], a["severity"]) for a in alerts) == [
        ("BTC-USDT", "high"),
        ("ETH-USDT", "critical"),
    ]
    ids = catalog.load_table(f"{name}_dev_lakehouse.raw_trades").scan().to_arrow()["event_id"].to_pylist()
    assert len(ids) == len(set(ids)) == unique_valid
    dlq = aws("s3").list_objects_v2(Bucket=f"{name}-dev-raw", Prefix="dlq/malformed/")["Contents"]
    assert len(dlq) == 1


def test_sigterm_while_the_job_is_still_starting_is_a_clean_stop(aws, endpoint_url, live_project, tmp_path):
    """The stop handler is installed before the SparkSession starts: no death by the default action."""
    state, log = tmp_path / "state", tmp_path / "job.log"
    job = _start(live_project, endpoint_url, state, log)
    try:
        _wait(lambda: "starting (SIGTERM" in log.read_text(), job, log, timeout=120)
        assert "query running" not in log.read_text()  # discovery and the SparkSession take longer
        job.send_signal(signal.SIGTERM)
        assert job.wait(120) == 0, log.read_text()[-3000:]
    finally:
        if job.poll() is None:
            os.killpg(job.pid, signal.SIGKILL)
            job.wait(30)
    assert "stop requested" in log.read_text()
