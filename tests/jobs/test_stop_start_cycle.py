"""A stop/start cycle in the middle of a run, on the platform deployed into the emulator.

The real streaming job (``python -m coattail.jobs.streaming``, real Spark) consumes the deployed
``ctc-dev-trades`` stream with its checkpoint on local disk (``CTC_STREAMING_CHECKPOINT``); its
fresh commits tell ``scripts/stop.sh`` that it runs, so the stop waits for it to commit the stream.
Stop removes the streams through Terraform (run state ``stopped``), start creates them again with sequence
numbers that start over, and the job resumes on the new stream: no alert is lost or duplicated,
every trade is in the lakehouse once, a whale injected after the restart reaches the API, and
``terraform plan`` shows no changes in either state. While stopped, the account holds nothing that
bills by the hour but the justified lines of the cost summary.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from coattail.jobs.sinks.iceberg import CatalogSettings, open_catalog
from coattail.review.checks._registry import load_checks
from coattail.review.collectors import CollectRequest, collect
from coattail.review.collectors.live import LiveOptions
from coattail.review.cost import estimate, load_pricing, load_workload
from coattail.review.model import SourceKind
from coattail.review.profile import load_profile

from .conftest import make_trade, put_payloads, scan_alerts, start_streaming_job, wait_for_job

pytestmark = [pytest.mark.emulator, pytest.mark.spark, pytest.mark.slow]
TRADES, DLQ, TABLE = "ctc-dev-trades", "ctc-dev-trades-dlq", "ctc-dev-alerts"
DAYS_PER_MONTH = 730 / 24
PREFIX = "ctc-dev"


def _script(repo_root: Path, env: dict[str, str], name: str, *args: str) -> dict[str, dict[str, Any]]:
    done = subprocess.run(
        [str(repo_root / "scripts" / name), *args], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr + done.stdout
    return {a["component"]: a for a in map(json.loads, filter(str.strip, done.stdout.splitlines()))}


def _stop_job(job: subprocess.Popen[bytes], log: Path) -> None:
    if job.poll() is None:
        job.send_signal(signal.SIGTERM)
        try:
            assert job.wait(120) == 0, log.read_text()[-3000:]
        finally:
            if job.poll() is None:
                os.killpg(job.pid, signal.SIGKILL)
                job.wait(30)


def _streams(aws: Any) -> list[str]:
    return [s for s in aws("kinesis").list_streams()["StreamNames"] if s.startswith("ctc-dev-")]


def _api_alerts(endpoint_url: str, symbol: str, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    from coattail.api import handler as api_handler

    monkeypatch.setenv("ALERTS_TABLE_NAME", TABLE)
    monkeypatch.setenv("AWS_ENDPOINT_URL", endpoint_url)
    monkeypatch.setattr(api_handler, "_app", None)
    event = {
        "resource": "/alerts",
        "path": "/alerts",
        "httpMethod": "GET",
        "headers": {"Accept": "application/json"},
        "queryStringParameters": {"type": "whale_trade", "symbol": symbol, "limit": "100"},
        "multiValueQueryStringParameters": {"type": ["whale_trade"], "symbol": [symbol], "limit": ["100"]},
        "requestContext": {"requestId": uuid.uuid4().hex},
    }
    response: dict[str, Any] = api_handler.lambda_handler(event, None)
    assert response["statusCode"] == 200, response
    alerts: list[dict[str, Any]] = json.loads(response["body"])["alerts"]
    return alerts


def test_stop_start_cycle_mid_run_loses_and_duplicates_nothing(
    repo_root: Path, endpoint_url: str, deployment: Any, aws: Any,
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    env = dict(
        os.environ,
        CTC_ENDPOINT_URL=endpoint_url,
        CTC_TERRAFORM_DIR=str(deployment.root),
        AWS_DEFAULT_REGION="us-east-1",
        CTC_STREAMING_CHECKPOINT=str(tmp_path / "state" / "checkpoint"),
    )
    kinesis = aws("kinesis")
    state, log = tmp_path / "state", tmp_path / "job.log"
    base = datetime.now(UTC) - timedelta(minutes=2)
    whales = [
        make_trade(base + timedelta(seconds=10), price=60_000.0, quantity=10.0),
        make_trade(base + timedelta(seconds=50), symbol="ETH-USDT", price=3_000.0, quantity=400.0),
        make_trade(base + timedelta(seconds=90), symbol="SOL-USDT", price=200.0, quantity=20_000.0),
    ]
    before = [make_trade(base + timedelta(seconds=i)) for i in range(30)] + [whales[0]]
    during = [make_trade(base + timedelta(seconds=40 + i)) for i in range(20)] + [whales[1]]
    after = [make_trade(base + timedelta(seconds=80 + i)) for i in range(20)] + [whales[2]]
    mine = {w["event_id"] for w in whales}

    def my_alerts() -> list[dict[str, Any]]:
        return [a for a in scan_alerts(aws, TABLE) if _source(a) in mine]

    job = start_streaming_job("ctc", endpoint_url, state, log)
    try:
        put_payloads(kinesis, TRADES, before)
        kinesis.put_record(
            StreamName=DLQ, Data=b'{"reason": "malformed", "raw": "{not json"}', PartitionKey="x"
        )
        wait_for_job(lambda: len(my_alerts()) >= 1, job, log, timeout=300)
        put_payloads(kinesis, TRADES, during)  # in flight when the stop begins

        stopped = _script(repo_root, env, "stop.sh", "--components", "producer,job")
        assert stopped["drain"]["action"] == "drained", stopped
        _stop_job(job, log)  # what EMR's cancel does to the real run
        assert len(my_alerts()) == 2  # the in-flight whale was committed before the cancel

        removed = _script(repo_root, env, "stop.sh", "--components", "streams")["streams"]
        assert removed["action"] == "removed" and removed["detail"]["unconsumed"] == 0
        assert removed["detail"]["dlq_archive"]["records"] >= 1
        assert _streams(aws) == []
        assert deployment.plan_changes() == []  # the stopped state is what Terraform describes

        idle = _idle_cost(endpoint_url)
        assert "Kinesis" not in idle["idle_by_service"]
        assert idle["idle_per_day"] == pytest.approx(_hand_computed_idle(aws), abs=1e-3), idle["lines"]
        billing = {
            line["service"] for line in idle["lines"] if line["mode"] == "idle" and line["usd_per_day"]
        }
        assert billing <= {"S3", "DynamoDB", "CloudWatch Logs", "KMS"}, idle["lines"]

        created = _script(repo_root, env, "start.sh", "--components", "streams")["streams"]
        assert created["action"] == "created" and sorted(created["detail"]["present"]) == [TRADES, DLQ]
        assert deployment.plan_changes() == []

        job = start_streaming_job("ctc", endpoint_url, state, log)  # same checkpoint, new stream generation
        put_payloads(kinesis, TRADES, after)
        wait_for_job(lambda: len(my_alerts()) >= 3, job, log, timeout=300)
        wait_for_job(
            lambda: _raw_ids(state).issuperset(p["event_id"] for p in before + during + after), job, log
        )
        time.sleep(3)  # a few more micro-batches: nothing may be re-read
    finally:
        _stop_job(job, log)
        if len(_streams(aws)) < 2:
            _script(repo_root, env, "start.sh", "--components", "streams")

    alerts = my_alerts()
    assert sorted(str(_source(a)) for a in alerts) == sorted(mine)  # one each: none lost, none twice
    ids = _raw_id_list(state)
    mine_raw = [i for i in ids if i in {p["event_id"] for p in before + during + after}]
    assert len(mine_raw) == len(set(mine_raw)) == len(before + during + after)
    assert "was recreated" in log.read_text()
    served = _api_alerts(endpoint_url, "SOL-USDT", monkeypatch)
    assert whales[2]["event_id"] in {_source(a) for a in served}


def _source(alert: dict[str, Any]) -> str | None:
    details = alert.get("details")
    parsed = json.loads(details) if isinstance(details, str) else (details or {})
    lineage: dict[str, Any] = parsed.get("_lineage") or {}
    return lineage.get("source_event_id")


def _raw_id_list(state: Path) -> list[str]:
    catalog = open_catalog(
        CatalogSettings(kind="sql", namespace="ctc_dev_lakehouse", warehouse=str(state / "warehouse"))
    )
    try:
        table = catalog.load_table("ctc_dev_lakehouse.raw_trades")
    except Exception:
        return []
    return [str(i) for i in table.scan(selected_fields=("event_id",)).to_arrow()["event_id"].to_pylist()]


def _raw_ids(state: Path) -> set[str]:
    return set(_raw_id_list(state))


def _idle_cost(endpoint_url: str) -> dict[str, Any]:
    collected = collect(
        CollectRequest(sources=(SourceKind.LIVE,), live=LiveOptions(endpoint_url=endpoint_url))
    )
    profile = load_profile("ctc", load_checks())
    return estimate(profile.scope.apply(collected.inventory))


def _hand_computed_idle(aws: Any) -> float:
    prices, free, w = load_pricing()["prices"], load_pricing()["free_tier"], load_workload()
    streams = [s for s in aws("kinesis").list_streams()["StreamNames"] if s.startswith(PREFIX)]
    kms = aws("kms")
    platform_keys = {
        a["TargetKeyId"]
        for a in kms.list_aliases()["Aliases"]
        if a["AliasName"].startswith(f"alias/{PREFIX}")
    }
    keys = [
        k
        for k in platform_keys
        if (meta := kms.describe_key(KeyId=k)["KeyMetadata"])["KeyManager"] == "CUSTOMER"
        and meta["KeyState"] == "Enabled"
    ]
    alarms = aws("cloudwatch").describe_alarms(AlarmNamePrefix=PREFIX)["MetricAlarms"]
    dashboards = aws("cloudwatch").list_dashboards(DashboardNamePrefix=PREFIX)["DashboardEntries"]
    trails = [t for t in aws("cloudtrail").describe_trails()["trailList"] if t["Name"].startswith(PREFIX)]
    kp = prices["kinesis"]
    summaries = [
        aws("kinesis").describe_stream_summary(StreamName=s)["StreamDescriptionSummary"] for s in streams
    ]
    per_day = {
        "streams": sum(
            kp["on_demand_stream_hour"] * 24
            if d["StreamModeDetails"]["StreamMode"] == "ON_DEMAND"
            else d["OpenShardCount"] * kp["provisioned_shard_hour"] * 24
            for d in summaries
        ),
        "extended retention": sum(
            w["stored_gb_kinesis_extended"] * kp["on_demand_extended_retention_gb_month"] / DAYS_PER_MONTH
            if d["StreamModeDetails"]["StreamMode"] == "ON_DEMAND"
            else d["OpenShardCount"] * kp["provisioned_extended_retention_shard_hour"] * 24
            for d in summaries
            if d["RetentionPeriodHours"] > 24
        ),
        "kms": len(keys) * prices["kms"]["customer_key_month"] / DAYS_PER_MONTH,
        "s3": w["stored_gb_s3"] * prices["s3"]["standard_gb_month"] / DAYS_PER_MONTH,
        "dynamodb": w["stored_gb_dynamodb"] * prices["dynamodb"]["storage_gb_month"] / DAYS_PER_MONTH,
        "alarms": max(0, len(alarms) - free["cloudwatch_alarms"])
        * prices["cloudwatch"]["alarm_month"]
        / DAYS_PER_MONTH,
        "dashboards": max(0, len(dashboards) - free["cloudwatch_dashboards"])
        * prices["cloudwatch"]["dashboard_month"]
        / DAYS_PER_MONTH,
        "logs": w["log_stored_gb"] * prices["logs"]["storage_gb_month"] / DAYS_PER_MONTH,
        # the audit trail's management events keep reaching its log group while stopped
        "trail events": w["trail_events_gb_per_day"] * prices["logs"]["ingest_per_gb"]
        if any(t.get("CloudWatchLogsLogGroupArn") for t in trails)
        else 0.0,
    }
    return sum(per_day.values())
