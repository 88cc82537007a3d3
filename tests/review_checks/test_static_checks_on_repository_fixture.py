"""Static (repository) checks on a small fixture repository read by the real repository collector.

The fixture holds what the CTC claims rest on — CI workflow, runbook, start/stop scripts, agent
specs, pipeline/producer/dashboard configuration, a Terraform root — and each test breaks one
piece on disk and shows the verdict of the check that proves it flip.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from coattail.review.checks._registry import load_checks
from coattail.review.collectors.repository import collect_repository
from coattail.review.decisions import review_plan
from coattail.review.engine import review
from coattail.review.model import ReviewResults, Status
from coattail.review.profile import load_profile
from tests.review_checks.pillar_effect import assert_failure_costs_score

CI = """\
name: ci
on: [push, pull_request]
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - run: ruff check .
      - run: mypy -p review
  test:
    runs-on: ubuntu-latest
    steps:
      - run: ./scripts/test.sh
  terraform:
    runs-on: ubuntu-latest
    steps:
      - run: terraform -chdir=platform/infra validate
  security:
    runs-on: ubuntu-latest
    steps:
      - name: checkov
        run: checkov -d platform/infra --framework terraform
"""
RUNBOOK = (
    "# Runbook\n## Start\nrun start.sh\n## Operate\nwatch alarms\n"
    "## Rollback\nRollback: re-apply the previous tag.\n"
)
START = "#!/usr/bin/env bash\nset -euo pipefail\nctc producer start\nctc jobs start\n"
STOP = "#!/usr/bin/env bash\n# stop the producer and the job run\nexec python -m coattail.cli.ops stop\n"
SETUP = 'from setuptools import setup\nsetup(package_dir={"coattail.cli": "platform/ctc"})\n'
OPS = """\
import click

from coattail.cli.lifecycle import stop_job


@click.group()
def cli():
    pass


def stop_producer(target, cluster):
    ecs = target.client("ecs")
    for arn in ecs.list_tasks(cluster=cluster)["taskArns"]:
        ecs.stop_task(cluster=cluster, task=arn)


@cli.command("stop")
def stop():
    target = object()
    stop_producer(target, "c")
    stop_job(target, "app")


@cli.command("status")
def status():
    print(object().client("ecs").list_tasks(cluster="c"))
"""
LIFECYCLE = """\
def stop_job(target, app):
    emr = target.client("emr-serverless")
    for run in emr.list_job_runs(applicationId=app)["jobRuns"]:
        emr.cancel_job_run(applicationId=app, jobRunId=run["id"])
    target.client("emr-serverless").stop_application(applicationId=app)
"""
PIPELINE = """\
streaming:
  trigger_seconds: 60
detectors:
  volume_anomaly: {window: 60 seconds, watermark: 30 seconds}
  spread: {window: 30 seconds, watermark: 15 seconds}
"""
PRODUCER = (
    "urls:\n  binance: wss://stream.binance.com:9443\n  coinbase: wss://ws-feed.exchange.coinbase.com\n"
)
DASHBOARD = 'window.CTC_CONFIG = {"apiBase": "", "pollMs": 10000};\n'
AGENTS = [
    ("analyst", "brief", "prd"),
    ("architect", "prd", "architecture"),
    ("engineer", "architecture", "code"),
]
SINK = "from pyiceberg.transforms import DayTransform\nSPEC = (('timestamp', DayTransform()),)\n"
UNPARTITIONED_SINK = "from pyiceberg.partitioning import UNPARTITIONED_PARTITION_SPEC as SPEC\n"
JSON_SINK = """\
import json


def write(rows, path):
    path.write_text("\\n".join(json.dumps(r) for r in rows))
"""
PRODUCER_APP = """\
from platform_producer.resilience import CircuitBreaker


def feed(config):
    return Feed(breaker=CircuitBreaker(config.threshold, config.cooldown))
"""
SUBMIT = """\
def start(emr, request):
    request["retryPolicy"] = {"maxFailedAttemptsPerHour": 5}
    return emr.start_job_run(**request)
"""
LOGS = """\
import json
import logging


class JsonFormatter(logging.Formatter):
    def format(self, record):
        return json.dumps({"message": record.getMessage(), "correlation_id": record.correlation_id})
"""


def write(root: Path, rel: str, text: str, executable: bool = False) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    if executable:
        path.chmod(0o755)


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    write(tmp_path, ".github/workflows/ci.yml", CI)
    write(tmp_path, "docs/RUNBOOK.md", RUNBOOK)
    write(tmp_path, "scripts/start.sh", START, executable=True)
    write(tmp_path, "scripts/stop.sh", STOP, executable=True)
    write(tmp_path, "setup.py", SETUP)
    write(tmp_path, "platform/ctc/ops.py", OPS)
    write(tmp_path, "platform/ctc/lifecycle.py", LIFECYCLE)
    write(tmp_path, "platform/jobs/config/pipeline.yaml", PIPELINE)
    write(tmp_path, "platform/producer/config.yaml", PRODUCER)
    write(tmp_path, "platform/dashboard/static/config.js", DASHBOARD)
    write(tmp_path, "platform/jobs/sinks/iceberg.py", SINK)
    write(tmp_path, "platform/api/logs.py", LOGS)
    write(tmp_path, "platform/producer/app.py", PRODUCER_APP)
    write(tmp_path, "platform/jobs/submit.py", SUBMIT)
    for name, given, made in AGENTS:
        write(tmp_path, f"agents/{name}.yaml", f"name: {name}\ninputs: [{given}]\noutputs: [{made}]\n")
    write(tmp_path, "platform/infra/main.tf", 'module "kinesis" {\n  source = "./modules/kinesis"\n}\n')
    write(tmp_path, "platform/infra/variables.tf", 'variable "project" {}\nvariable "environment" {}\n')
    write(tmp_path, "platform/infra/outputs.tf", 'output "stream" {\n  value = 1\n}\n')
    write(tmp_path, "platform/infra/modules/kinesis/main.tf", 'resource "aws_kinesis_stream" "s" {}\n')
    return tmp_path


PARAMS: dict[str, dict[str, Any]] = {
    "agent_specs_contracts": {"min_agents": 3, "external_inputs": ["brief"]},
    "terraform_layout_counts": {
        "min_modules": 1,
        "root_variables": 2,
        "root_outputs": 1,
        "modules": ["kinesis"],
    },
    "spark_watermarks": {
        "expected": {
            "detectors.volume_anomaly.watermark": "30 seconds",
            "detectors.spread.watermark": "15 seconds",
        }
    },
    "spark_tumbling_windows": {
        "expected": {"detectors.volume_anomaly.window": "60 seconds", "detectors.spread.window": "30 seconds"}
    },
}


def _replace(rel: str, old: str, new: str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / rel
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")

    return apply


def _chmod(rel: str) -> Callable[[Path], None]:
    return lambda root: (root / rel).chmod(0o644)


def _write(rel: str, text: str) -> Callable[[Path], None]:
    return lambda root: write(root, rel, text)


def _leak_key(root: Path) -> None:
    fake = "AKIA" + "Q7" * 8  # assembled at runtime so this test file itself holds no key
    write(root, "platform/settings.py", f'AWS_KEY = "{fake}"\n')


BREAKS: dict[str, tuple[str, Callable[[Path], None]]] = {
    "ci_workflow_quality_gates": (
        "mypy removed",
        _replace(".github/workflows/ci.yml", "mypy -p review", "echo skip"),
    ),
    "ci_security_scan": (
        "checkov removed",
        _replace(".github/workflows/ci.yml", "- name: checkov\n        run: checkov -d", "- run: echo -d"),
    ),
    "ci_gates_blocking": (
        "pull requests not gated",
        _replace(".github/workflows/ci.yml", "[push, pull_request]", "[push]"),
    ),
    "runbook_rollback": (
        "rollback section dropped",
        _replace("docs/RUNBOOK.md", "## Rollback\nRollback: re-apply the previous tag.\n", ""),
    ),
    "scripts_start_stop": ("stop.sh not executable", _chmod("scripts/stop.sh")),
    "scripts_stop_streaming": (
        "stop.sh runs the status command, which stops nothing",
        _replace("scripts/stop.sh", "coattail.cli.ops stop", "coattail.cli.ops status"),
    ),
    "agent_specs_contracts": (
        "architect input nobody produces",
        _replace("agents/architect.yaml", "[prd]", "[vision]"),
    ),
    "spark_checkpoint_interval": (
        "5-minute checkpoints",
        _replace("platform/jobs/config/pipeline.yaml", "trigger_seconds: 60", "trigger_seconds: 300"),
    ),
    "spark_watermarks": (
        "no watermark on spreads",
        _replace("platform/jobs/config/pipeline.yaml", "watermark: 15 seconds", "watermark: 0 seconds"),
    ),
    "spark_tumbling_windows": (
        "5-minute volume windows",
        _replace("platform/jobs/config/pipeline.yaml", "window: 60 seconds", "window: 5 minutes"),
    ),
    "repo_exchange_feeds_wss": (
        "plain ws:// feed",
        _replace("platform/producer/config.yaml", "wss://stream", "ws://stream"),
    ),
    "dashboard_poll_interval": (
        "polling every second",
        _replace("platform/dashboard/static/config.js", "10000", "1000"),
    ),
    "repo_no_secrets": ("an access key committed", _leak_key),
    "iceberg_partitioning_in_code": (
        "unpartitioned tables",
        _write(
            "platform/jobs/sinks/iceberg.py",
            "from pyiceberg.partitioning import UNPARTITIONED_PARTITION_SPEC\n",
        ),
    ),
    "columnar_storage_in_code": (
        "the sink writes JSON lines instead of Iceberg/Parquet",
        _write("platform/jobs/sinks/iceberg.py", JSON_SINK),
    ),
    "producer_circuit_breaker": (
        "the feed reconnects without a breaker",
        _replace("platform/producer/app.py", "breaker=CircuitBreaker(config.threshold, config.cooldown)", ""),
    ),
    "emr_job_retry_policy": (
        "the streaming job run is submitted with a single attempt",
        _replace(
            "platform/jobs/submit.py", '    request["retryPolicy"] = {"maxFailedAttemptsPerHour": 5}\n', ""
        ),
    ),
    "structured_logging_correlation": (
        "log records lose the correlation id",
        _replace("platform/api/logs.py", ', "correlation_id": record.correlation_id', ""),
    ),
    "terraform_layout_counts": (
        "a root output removed",
        _replace("platform/infra/outputs.tf", 'output "stream"', "locals"),
    ),
}


@cache
def _reviewer() -> tuple[list[Any], Any]:
    """Every check plus the CTC profile's plan, with this fixture's parameters on top."""
    checks = load_checks()
    plan = review_plan(load_profile("ctc", checks))
    params = {cid: {**plan.check_params.get(cid, {}), **extra} for cid, extra in PARAMS.items()}
    return checks, replace(plan, check_params={**plan.check_params, **params}, roll_up=None)


def reviewed(root: Path, check_id: str) -> tuple[Status, ReviewResults]:
    """The check's verdict on the repository at ``root`` and the whole review."""
    checks, plan = _reviewer()
    results = review(collect_repository(root), checks, plan)
    result = next(r for r in results.checks if r.meta.id == check_id)
    return result.status, results


@pytest.mark.parametrize("check_id", sorted(BREAKS))
def test_static_check_flips_when_the_repository_breaks(repo: Path, check_id: str) -> None:
    what, apply = BREAKS[check_id]
    status, holds = reviewed(repo, check_id)
    assert status == Status.PASS, f"{check_id} should hold on the fixture"
    apply(repo)
    broken_status, broken = reviewed(repo, check_id)
    assert broken_status == Status.FAIL, f"{check_id} should fail when {what}"
    assert_failure_costs_score(holds, broken, check_id)
