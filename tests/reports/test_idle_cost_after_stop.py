"""The idle figure is the price of what remains after `scripts/stop.sh`, read from the account.

Against the platform deployed into the emulator: stop, then collect the live account and
estimate. The expected idle cost is computed here by hand from what boto3 lists in the account
and the shipped price table, not from the estimate's own lines.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from coattail.review.checks._registry import load_checks
from coattail.review.collectors import CollectRequest, collect
from coattail.review.collectors.live import LiveOptions
from coattail.review.cost import estimate, load_pricing, load_workload
from coattail.review.model import SourceKind
from coattail.review.profile import load_profile

pytestmark = [pytest.mark.emulator, pytest.mark.slow]
DAYS_PER_MONTH = 730 / 24
PREFIX = "ctc-dev"


def _script(repo_root: Path, endpoint_url: str, name: str) -> None:
    env = dict(os.environ, CTC_ENDPOINT_URL=endpoint_url, AWS_DEFAULT_REGION="us-east-1")
    done = subprocess.run(
        [str(repo_root / "scripts" / name)], env=env, capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, done.stderr


def _hand_computed_idle(aws: Any) -> tuple[float, int]:
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
    }
    return sum(per_day.values()), len(streams)


def test_idle_estimate_after_stop_is_the_price_of_what_remains(
    repo_root: Path, endpoint_url: str, deployment: Any, aws: Any
) -> None:
    _script(repo_root, endpoint_url, "stop.sh")  # idempotent: whatever ran is stopped
    collected = collect(
        CollectRequest(sources=(SourceKind.LIVE,), live=LiveOptions(endpoint_url=endpoint_url))
    )
    profile = load_profile("ctc", load_checks())
    cost = estimate(profile.scope.apply(collected.inventory))

    expected, streams = _hand_computed_idle(aws)
    assert streams == 2  # stop.sh keeps both streams: they bill by the hour while stopped
    assert cost["idle_per_day"] == pytest.approx(expected, abs=1e-3), cost["lines"]
    # the trades stream (on demand) and the DLQ (one provisioned shard, 48 h retention) by the hour
    assert cost["idle_by_service"]["Kinesis"] == pytest.approx(0.04 * 24 + 0.015 * 24 + 0.02 * 24, abs=1e-3)
    assert cost["not_priced"] == []
