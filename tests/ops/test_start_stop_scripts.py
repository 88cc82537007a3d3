"""scripts/start.sh and scripts/stop.sh against the platform deployed into the emulator."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.emulator, pytest.mark.slow]
JOB_PRODUCER = ("--components", "job,producer")


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


def assert_job_code_in_bucket(s3: Any, bucket: str, repo_root: Path) -> None:
    """The entry points EMR runs are byte-identical to the repository's; the zip holds the package."""
    for name in ("streaming_app.py", "batch_reprocess.py"):
        body = s3.get_object(Bucket=bucket, Key=f"artifacts/jobs/{name}")["Body"].read()
        assert body == (repo_root / "platform" / "jobs" / name).read_bytes(), name
    stored = s3.get_object(Bucket=bucket, Key="artifacts/jobs/ctc_jobs.zip")["Body"].read()
    names = set(zipfile.ZipFile(io.BytesIO(stored)).namelist())
    code = {"coattail/jobs/__init__.py", "coattail/jobs/streaming.py", "coattail/jobs/config/pipeline.yaml"}
    assert code | {"coattail/core/aws.py", "coattail/", "coattail/jobs/"} <= names
    assert not any(n.startswith("coattail/cli/") for n in names)  # the job never ships the CLI
    assert not any("__pycache__" in n or n.endswith(".pyc") for n in names)


def test_start_then_stop_the_streaming_parts(repo_root, endpoint_url, platform_outputs, aws):
    emr, ecs = aws("emr-serverless"), aws("ecs")
    app_id = platform_outputs["emr_application_id"]
    try:
        started = {a["component"]: a for a in run_script(repo_root, endpoint_url, "start.sh", *JOB_PRODUCER)}
        assert started["job"]["action"] == "started"
        assert started["producer"]["action"] == "started"
        run_id = started["job"]["detail"]["job_run_id"]
        run = emr.get_job_run(applicationId=app_id, jobRunId=run_id)["jobRun"]
        assert run["name"] == "ctc-dev-streaming"
        assert run["executionRole"].endswith(":role/ctc-dev-emr-execution")
        assert run["jobDriver"]["sparkSubmit"]["entryPoint"].startswith("s3://ctc-dev-processed-")
        assert run["tags"]["StartedBy"] == "ctc-ops"
        logging_to = run["configurationOverrides"]["monitoringConfiguration"][
            "cloudWatchLoggingConfiguration"
        ]
        assert logging_to == {
            "enabled": True,
            "logGroupName": "/aws/emr-serverless/ctc-dev-spark",  # the group the error filter watches
            "logStreamNamePrefix": "ctc-dev-streaming",
        }
        assert aws("logs").describe_metric_filters(logGroupName=logging_to["logGroupName"])["metricFilters"]
        processed = run["jobDriver"]["sparkSubmit"]["entryPoint"].split("/")[2]
        zip_uri = f"s3://{processed}/artifacts/jobs/ctc_jobs.zip"
        assert f"--py-files {zip_uri}" in run["jobDriver"]["sparkSubmit"]["sparkSubmitParameters"]
        assert_job_code_in_bucket(aws("s3"), processed, repo_root)
        assert started["artifacts"]["detail"]["bucket"] == processed
        assert emr.get_application(applicationId=app_id)["application"]["state"] in ("STARTED", "STARTING")
        assert producer_tasks(ecs) == started["producer"]["detail"]["task_arns"]
        task = ecs.describe_tasks(cluster="ctc-dev-producer", tasks=producer_tasks(ecs))["tasks"][0]
        assert task["taskDefinitionArn"] == platform_outputs["ecs_task_definition_arn"]

        again = {
            a["component"]: a["action"]
            for a in run_script(repo_root, endpoint_url, "start.sh", *JOB_PRODUCER)
        }
        assert again["producer"] == "already-running"

        # the streams stay: this test's emulated job run consumes nothing (tests/jobs/test_stop_start_cycle.py
        # stops them with a real job)
        stopped = {a["component"]: a for a in run_script(repo_root, endpoint_url, "stop.sh", *JOB_PRODUCER)}
        assert stopped["producer"]["action"] == "stopped"
        assert stopped["job"]["action"] == "stopped"
        assert producer_tasks(ecs) == []
        assert active_runs(emr, app_id) == []
        assert emr.get_application(applicationId=app_id)["application"]["state"] in (
            "STOPPED",
            "STOPPING",
            "CREATED",
        )

        idle = {
            a["component"]: a["action"] for a in run_script(repo_root, endpoint_url, "stop.sh", *JOB_PRODUCER)
        }
        assert idle == {"producer": "already-stopped", "drain": "no-checkpoint", "job": "already-stopped"}
    finally:
        subprocess.run(
            [str(repo_root / "scripts" / "stop.sh"), *JOB_PRODUCER],
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
    assert done.returncode == 2 and "choose from streams, job, producer" in done.stderr


def test_job_code_upload_is_idempotent_and_importable(endpoint_url, platform_outputs, aws, tmp_path):
    """Unchanged code is not uploaded again; a changed object is replaced; the zip runs the job's imports."""
    from coattail.cli.job_artifacts import upload_job_artifacts
    from coattail.core.aws import AwsTarget, discover_platform
    from coattail.jobs.config import load_config

    s3 = aws("s3")
    target = AwsTarget(region="us-east-1", endpoint_url=endpoint_url)
    bucket = discover_platform(target, "ctc", "dev").processed_bucket
    keys = [f"artifacts/jobs/{n}" for n in ("streaming_app.py", "batch_reprocess.py", "ctc_jobs.zip")]

    upload_job_artifacts(target, bucket)  # whatever the bucket held before (another test's start.sh)
    before = {k: s3.head_object(Bucket=bucket, Key=k)["LastModified"] for k in keys}
    again = upload_job_artifacts(target, bucket)
    assert (again.action, again.detail["uploaded"], sorted(again.detail["unchanged"])) == (
        "up-to-date",
        [],
        sorted(keys),
    )
    assert {k: s3.head_object(Bucket=bucket, Key=k)["LastModified"] for k in keys} == before

    s3.put_object(Bucket=bucket, Key=keys[0], Body=b"print('stale')\n")
    replaced = upload_job_artifacts(target, bucket)
    assert (replaced.action, replaced.detail["uploaded"]) == ("uploaded", [keys[0]])
    body = s3.get_object(Bucket=bucket, Key=keys[0])["Body"].read()
    assert (
        hashlib.sha256(body).hexdigest() == s3.head_object(Bucket=bucket, Key=keys[0])["Metadata"]["sha256"]
    )

    archive = tmp_path / "ctc_jobs.zip"
    archive.write_bytes(s3.get_object(Bucket=bucket, Key=keys[2])["Body"].read())
    probe = (
        "import sys\n"
        "sys.path = [p for p in sys.path if '__editable__' not in p and p not in ('', '.')]\n"
        "sys.meta_path = [f for f in sys.meta_path if 'editable' not in repr(f)]\n"
        f"sys.path.insert(0, {str(archive)!r})\n"
        "import coattail.jobs.streaming, coattail.jobs.batch_reprocess, coattail.jobs.streaming_app\n"
        "from coattail.jobs.config import load_config\n"
        "import coattail.core.aws\n"
        "print(coattail.jobs.streaming.__file__, coattail.core.aws.__file__, load_config().tier)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    module_file, ctc_file, tier = done.stdout.split()
    assert module_file.startswith(str(archive)) and ctc_file.startswith(str(archive)), done.stdout
    assert tier == load_config().tier
