"""scripts/start.sh and scripts/stop.sh against the platform deployed into the emulator."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.emulator, pytest.mark.slow]


def run_script(repo_root: Path, endpoint_url: str, name: str, *args: str) -> list[dict[str, Any]]:
    env = dict(os.environ, CTC_ENDPOINT_URL=endpoint_url, AWS_DEFAULT_REGION="us-east-1")
    done = subprocess.run(
        [str(repo_root / "scripts" / name), *args], env=env, capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def active_runs(emr: Any, app_id: str) -> list[dict[str, Any]]:
    runs = emr.list_job_runs(applicationId=app_id, states=["SUBMITTED", "PENDING", "SCHEDULED", "RUNNING"])
    return [r for r in runs["jobRuns"] if r["name"] == "ctc-dev-streaming"]


def producer_tasks(ecs: Any) -> list[str]:
    return ecs.list_tasks(cluster="ctc-dev-producer", family="ctc-dev-producer", desiredStatus="RUNNING")[
        "taskArns"
    ]


def test_start_then_stop_the_streaming_parts(repo_root, endpoint_url, platform_outputs, aws):
    emr, ecs = aws("emr-serverless"), aws("ecs")
    app_id = platform_outputs["emr_application_id"]
    try:
        started = {a["component"]: a for a in run_script(repo_root, endpoint_url, "start.sh")}
        assert started["job"]["action"] == "started"
        assert started["producer"]["action"] == "started"
        run_id = started["job"]["detail"]["job_run_id"]
        run = emr.get_job_run(applicationId=app_id, jobRunId=run_id)["jobRun"]
        assert run["name"] == "ctc-dev-streaming"
        assert run["executionRole"].endswith(":role/ctc-dev-emr-execution")
        assert run["jobDriver"]["sparkSubmit"]["entryPoint"].startswith("s3://ctc-dev-processed-")
        assert run["tags"]["StartedBy"] == "ctc-ops"
        assert emr.get_application(applicationId=app_id)["application"]["state"] in ("STARTED", "STARTING")
        assert producer_tasks(ecs) == started["producer"]["detail"]["task_arns"]
        task = ecs.describe_tasks(cluster="ctc-dev-producer", tasks=producer_tasks(ecs))["tasks"][0]
        assert task["taskDefinitionArn"] == platform_outputs["ecs_task_definition_arn"]

        again = {a["component"]: a["action"] for a in run_script(repo_root, endpoint_url, "start.sh")}
        assert again["producer"] == "already-running"

        stopped = {a["component"]: a for a in run_script(repo_root, endpoint_url, "stop.sh")}
        assert stopped["producer"]["action"] == "stopped"
        assert stopped["job"]["action"] == "stopped"
        assert producer_tasks(ecs) == []
        assert active_runs(emr, app_id) == []
        assert emr.get_application(applicationId=app_id)["application"]["state"] in (
            "STOPPED",
            "STOPPING",
            "CREATED",
        )

        idle = {a["component"]: a["action"] for a in run_script(repo_root, endpoint_url, "stop.sh")}
        assert idle == {"producer": "already-stopped", "job": "already-stopped"}
    finally:
        subprocess.run(
            [str(repo_root / "scripts" / "stop.sh")],
            env=dict(os.environ, CTC_ENDPOINT_URL=endpoint_url),
            capture_output=True,
            timeout=180,
            check=False,
        )


def test_scripts_name_what_is_missing(repo_root, endpoint_url):
    """Against an endpoint without the platform (wrong environment), a clear error, not a traceback."""
    env = dict(os.environ, CTC_ENDPOINT_URL=endpoint_url, CTC_ENVIRONMENT="nosuchenv")
    done = subprocess.run(
        [str(repo_root / "scripts" / "start.sh")], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode != 0
    assert "SSM parameters missing under /ctc/nosuchenv" in done.stderr
    assert "Traceback" not in done.stderr


def test_unknown_component_is_rejected(repo_root, endpoint_url):
    env = dict(os.environ, CTC_ENDPOINT_URL=endpoint_url)
    done = subprocess.run(
        [str(repo_root / "scripts" / "stop.sh"), "--components", "kafka"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2 and "choose from job, producer" in done.stderr
