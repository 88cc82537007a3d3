"""`ctc jobs` wiring against the emulator: SSM discovery into job settings, EMR Serverless submit."""

from __future__ import annotations

import json
import uuid

import pytest
from click.testing import CliRunner
from ctc.aws import AwsTarget
from ctc.cli import cli
from jobs.streaming import RunOptions, prepare, worker_environment
from jobs.submit import find_application, job_run_state, start_job_run

pytestmark = pytest.mark.emulator


@pytest.fixture()
def project(aws):
    """A fresh project name with the six SSM parameters the platform's Terraform writes."""
    name = f"cj{uuid.uuid4().hex[:6]}"
    ssm = aws("ssm")
    prefix = f"/{name}/dev"
    values = {
        "kinesis/trades-stream-name": f"{name}-dev-trades",
        "kinesis/dlq-stream-name": f"{name}-dev-trades-dlq",
        "dynamodb/alerts-table-name": f"{name}-dev-alerts",
        "s3/bucket-names": json.dumps(
            {"raw": "r-b", "processed": "p-b", "checkpoint": "c-b", "athena_results": "a-b"}
        ),
        "glue/database-name": f"{name}_dev_lakehouse",
        "config/symbols": "BTC-USDT, ETH-USDT",
    }
    for key, value in values.items():
        ssm.put_parameter(Name=f"{prefix}/{key}", Value=value, Type="String")
    return name


def test_run_options_resolve_through_ssm_discovery(project, endpoint_url, tmp_path):
    config, settings = prepare(
        RunOptions(project=project, endpoint_url=endpoint_url, state_dir=str(tmp_path), trigger_seconds=7)
    )
    assert config.quality.symbols == ("BTC-USDT", "ETH-USDT")
    assert settings.source.stream_name == f"{project}-dev-trades"
    assert (settings.alerts_table, settings.raw_bucket) == (f"{project}-dev-alerts", "r-b")
    assert settings.catalog.kind == "sql" and settings.catalog.namespace == f"{project}_dev_lakehouse"
    assert settings.checkpoint_dir == str(tmp_path / "checkpoint") and settings.trigger_seconds == 7

    remote_config, remote = prepare(
        RunOptions(project=project, endpoint_url=endpoint_url, local=False, catalog="glue")
    )
    assert remote.catalog.kind == "glue" and remote.catalog.warehouse == "s3://p-b/warehouse"
    assert (
        remote_config.streaming.trigger_seconds == remote.trigger_seconds == 60
    )  # the 60 s checkpoint default
    assert worker_environment(remote.target)["AWS_ENDPOINT_URL"] == endpoint_url


def test_run_needs_a_deployed_platform(endpoint_url):
    with pytest.raises(LookupError, match="SSM parameters missing"):
        prepare(RunOptions(project="nothere", endpoint_url=endpoint_url))


def test_submit_to_emr_serverless(project, aws, endpoint_url):
    emr, iam = aws("emr-serverless"), aws("iam")
    app = emr.create_application(name=f"{project}-dev-spark", releaseLabel="emr-7.0.0", type="SPARK")
    role = iam.create_role(
        RoleName=f"{project}-dev-emr-execution",
        AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": []}),
    )["Role"]["Arn"]
    target = AwsTarget(endpoint_url=endpoint_url)
    assert find_application(target, f"{project}-dev-spark") == app["applicationId"]
    run_id = start_job_run(
        target,
        app["applicationId"],
        role,
        "s3://p-b/artifacts/jobs/streaming_app.py",
        arguments=["--project", project],
    )
    assert job_run_state(target, app["applicationId"], run_id)
    run = emr.get_job_run(applicationId=app["applicationId"], jobRunId=run_id)["jobRun"]
    assert run["jobDriver"]["sparkSubmit"]["entryPoint"].endswith("streaming_app.py")

    result = CliRunner().invoke(
        cli,
        [
            "jobs",
            "submit",
            "--endpoint-url",
            endpoint_url,
            "--project",
            project,
            "--entry-point",
            "s3://p-b/e.py",
        ],
    )
    assert result.exit_code == 0, result.output
    assert f"to application {app['applicationId']}" in result.output
    with pytest.raises(LookupError):
        find_application(target, "no-such-app")
