"""Helpers for the jobs tests: trade payloads and source-shaped frames."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from coattail.core.aws import AwsTarget
from coattail.jobs.config import PipelineConfig, load_config
from coattail.jobs.pipeline import JobSettings, SourceSettings
from coattail.jobs.sinks.iceberg import CatalogSettings


def iso_ms(ts: datetime) -> str:
    return ts.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{ts.microsecond // 1000:03d}Z"


def make_trade(
    ts: datetime,
    *,
    symbol: str | None = "BTC-USDT",
    exchange: str = "binance",
    price: Any = 100.0,
    quantity: Any = 1.0,
    side: str = "buy",
    event_id: str | None = None,
    **overrides: Any,
) -> dict[str, Any]:
    """A unified trade event as the producer writes it."""
    stamp = iso_ms(ts)
    event = {
        "event_id": event_id or str(uuid.uuid4()),
        "exchange": exchange,
        "symbol": symbol,
        "price": price,
        "quantity": quantity,
        "quote_volume": price * quantity
        if isinstance(price, float) and isinstance(quantity, float)
        else None,
        "side": side,
        "timestamp": stamp,
        "ingestion_timestamp": stamp,
        "correlation_id": hashlib.sha256(f"{exchange}{symbol}{stamp}".encode()).hexdigest()[:16],
        "trade_id": str(uuid.uuid4().int % 10**9),
    }
    event.update(overrides)
    return event


def source_rows(payloads: list[str | dict[str, Any] | None], arrival: datetime) -> list[tuple[Any, ...]]:
    """Rows in the source schema (data, partition_key, sequence_number, shard_id, arrival_time)."""
    rows = []
    for i, p in enumerate(payloads):
        data = p if p is None or isinstance(p, str) else json.dumps(p)
        rows.append((data, "k", str(i + 1), "shardId-000000000000", arrival))
    return rows


@pytest.fixture()
def source_frame(spark: Any) -> Any:
    from coattail.jobs.quality import SOURCE_SCHEMA

    def make(payloads: list[str | dict[str, Any] | None], arrival: datetime | None = None) -> Any:
        when = arrival or datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
        return spark.createDataFrame(source_rows(payloads, when), SOURCE_SCHEMA)

    return make


@pytest.fixture(scope="session")
def pipeline_config() -> PipelineConfig:
    return load_config()


@pytest.fixture()
def resources(aws: Any, endpoint_url: str, tmp_path: Path) -> Iterator[dict[str, Any]]:
    suffix = uuid.uuid4().hex[:8]
    stream, table, bucket = f"ctc-jobs-{suffix}", f"ctc-jobs-alerts-{suffix}", f"ctc-jobs-raw-{suffix}"
    kinesis = aws("kinesis")
    kinesis.create_stream(StreamName=stream, ShardCount=2)
    kinesis.get_waiter("stream_exists").wait(StreamName=stream, WaiterConfig={"Delay": 1, "MaxAttempts": 30})
    ddb = aws("dynamodb")
    ddb.create_table(
        TableName=table,
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
    aws("s3").create_bucket(Bucket=bucket)
    yield {"stream": stream, "table": table, "bucket": bucket, "suffix": suffix}
    kinesis.delete_stream(StreamName=stream, EnforceConsumerDeletion=True)
    ddb.delete_table(TableName=table)


def job_settings(resources: dict[str, Any], endpoint_url: str, tmp_path: Path) -> JobSettings:
    return JobSettings(
        source=SourceSettings(kind="kinesis", stream_name=resources["stream"], max_records_per_shard=40),
        checkpoint_dir=str(tmp_path / "checkpoint"),
        catalog=CatalogSettings(
            kind="sql", namespace="ctc_dev_lakehouse", warehouse=str(tmp_path / "warehouse")
        ),
        alerts_table=resources["table"],
        raw_bucket=resources["bucket"],
        trigger_seconds=1,
        target=AwsTarget(endpoint_url=endpoint_url),
        name=f"e2e-{resources['suffix']}",
    )


def files_settings(resources: dict[str, Any], endpoint_url: str, tmp_path: Path) -> tuple[JobSettings, Path]:
    """Settings of a files-source run (emulator sinks) and its inbox folder."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    base = job_settings(resources, endpoint_url, tmp_path)
    settings = JobSettings(
        source=SourceSettings(kind="files", path=str(inbox)),
        checkpoint_dir=base.checkpoint_dir,
        catalog=base.catalog,
        alerts_table=base.alerts_table,
        raw_bucket=base.raw_bucket,
        trigger_seconds=1,
        target=base.target,
        name=base.name,
    )
    return settings, inbox


def wait_for(predicate: Any, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate() and time.monotonic() < deadline:
        time.sleep(1)


def scan_alerts(aws: Any, table: str) -> list[dict[str, Any]]:
    items = aws("dynamodb").scan(TableName=table)["Items"]
    return [{k: next(iter(v.values())) for k, v in item.items()} for item in items]


def wait_for_job(predicate: Callable[[], bool], process: Any, log: Path, timeout: float = 240.0) -> None:
    """Poll ``predicate`` each second while the job ``process`` lives; its log tail on failure."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if process.poll() is not None:
            raise AssertionError(f"the job exited ({process.returncode}):\n{log.read_text()[-3000:]}")
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out; job log tail:\n{log.read_text()[-3000:]}")
        time.sleep(1)


def put_payloads(kinesis: Any, stream: str, payloads: Iterable[Any]) -> None:
    """PutRecords of trade dicts (as JSON) or raw strings, each under a random partition key."""
    records = [
        {"Data": (p if isinstance(p, str) else json.dumps(p)).encode(), "PartitionKey": uuid.uuid4().hex}
        for p in payloads
    ]
    assert kinesis.put_records(StreamName=stream, Records=records)["FailedRecordCount"] == 0


def start_streaming_job(name: str, endpoint_url: str, state: Path, log: Path) -> subprocess.Popen[bytes]:
    """``python -m coattail.jobs.streaming`` for project ``name`` (1 s trigger, minimal tier), logging
    to ``log``, in its own process group."""
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
    command = [
        sys.executable,
        "-m",
        "coattail.jobs.streaming",
        "--project",
        name,
        "--endpoint-url",
        endpoint_url,
    ]
    command += ["--state-dir", str(state), "--trigger-seconds", "1", "--tier", "minimal"]
    with log.open("ab") as out:
        return subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
