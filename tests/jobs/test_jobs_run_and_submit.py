"""`ctc jobs` wiring against the emulator: SSM discovery into job settings, EMR Serverless submit."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from click.testing import CliRunner

from coattail.cli.cli import cli
from coattail.core.aws import AwsTarget, find_emr_application
from coattail.jobs.streaming import RunOptions, prepare, worker_environment
from coattail.jobs.submit import job_run_state, start_job_run

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
        remote_config.streaming.trigger_seconds == remote.trigger_seconds == 5
    )  # the shipped trigger: the checkpoint interval, within the seed's 60 s
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
    assert find_emr_application(target, f"{project}-dev-spark") == app["applicationId"]
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

    base = [
        "jobs",
        "submit",
        "--endpoint-url",
        endpoint_url,
        "--project",
        project,
        "--entry-point",
        "s3://p-b/e.py",
    ]
    result = CliRunner().invoke(cli, base)
    assert result.exit_code == 0, result.output
    assert f"to application {app['applicationId']}" in result.output

    packaged = CliRunner().invoke(
        cli, [*base, "--py-files", "s3://p-b/ctc_jobs.zip", "--venv-archive", "s3://p-b/pyspark_venv.tar.gz"]
    )
    assert packaged.exit_code == 0, packaged.output
    packaged_run = packaged.output.split("job run ", 1)[1].split()[0]
    params = emr.get_job_run(applicationId=app["applicationId"], jobRunId=packaged_run)["jobRun"][
        "jobDriver"
    ]["sparkSubmit"]["sparkSubmitParameters"]
    assert "--py-files s3://p-b/ctc_jobs.zip" in params
    assert "spark.archives=s3://p-b/pyspark_venv.tar.gz#environment" in params
    assert "PYSPARK_PYTHON=./environment/bin/python" in params
    no_code = CliRunner().invoke(cli, [*base, "--venv-archive", "s3://p-b/pyspark_venv.tar.gz"])
    assert no_code.exit_code == 2 and "--venv-archive needs --py-files" in no_code.output
    not_s3 = CliRunner().invoke(cli, [*base, "--py-files", "/tmp/ctc_jobs.zip"])
    assert not_s3.exit_code == 2 and "s3:// URI" in not_s3.output
    with pytest.raises(LookupError):
        find_emr_application(target, "no-such-app")


@pytest.mark.spark
@pytest.mark.clock
def test_batch_reprocess_entry_point_reads_the_day_by_time_travel(project, endpoint_url, tmp_path, spark):
    """The reprocessed day and the job's clock derive from the snapshot's own commit time, so the test
    holds on any calendar day (it once reprocessed a literal day that the calendar then passed)."""
    from datetime import UTC, datetime, timedelta

    import pyarrow as pa

    from coattail.jobs.batch_reprocess import main as batch_reprocess
    from coattail.jobs.sinks import tables
    from coattail.jobs.sinks.iceberg import CatalogSettings, append_batch, ensure_tables, open_catalog

    namespace = f"{project}_dev_lakehouse"
    catalog = open_catalog(
        CatalogSettings(kind="sql", namespace=namespace, warehouse=str(tmp_path / "warehouse"))
    )
    ensure_tables(catalog, namespace)
    ts = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)  # event time: data, never compared with the clock
    row: dict[str, Any] = {name: None for name in tables.RAW_TRADES.schema.names}
    row |= {"event_id": "w", "exchange": "binance", "symbol": "BTC-USDT", "price": 60_000.0, "quantity": 10.0}
    row |= {"quote_volume": 600_000.0, "timestamp": ts, "correlation_id": "c", "side": "buy"}
    raw = catalog.load_table(f"{namespace}.raw_trades")
    append_batch(raw, pa.Table.from_pylist([row], schema=tables.RAW_TRADES.schema), "t", 1)
    snapshot = raw.current_snapshot()
    assert snapshot is not None
    committed = datetime.fromtimestamp(snapshot.timestamp_ms / 1000, UTC)
    now = committed + timedelta(seconds=5)  # the run starts just after the commit, the same day or not
    base = ["--project", project, "--endpoint-url", endpoint_url, "--state-dir", str(tmp_path)]

    report = batch_reprocess([*base, "--date", f"{committed:%Y-%m-%d}"], clock=lambda: now)
    assert report["trades"] == 1 and report["reprocessed_by_type"] == {"whale_trade": 1}
    current = raw.current_snapshot()
    assert current is not None
    assert report["source_snapshot_id"] == current.snapshot_id
    day_before = committed - timedelta(days=1)
    with pytest.raises(LookupError, match="no snapshot at or before"):
        batch_reprocess([*base, "--date", f"{day_before:%Y-%m-%d}"], clock=lambda: now)
    with pytest.raises(SystemExit):
        batch_reprocess([*base, "--date", f"{committed:%d/%m/%Y}"], clock=lambda: now)


def test_reprocess_reads_a_past_day_to_its_end_and_today_to_now():
    from datetime import UTC, datetime

    from coattail.jobs.batch_reprocess import read_as_of

    now = datetime(2030, 5, 17, 8, 15, tzinfo=UTC)
    assert read_as_of(datetime(2030, 5, 16, tzinfo=UTC), now) == datetime(2030, 5, 17, tzinfo=UTC)
    assert read_as_of(datetime(2030, 5, 17, tzinfo=UTC), now) == now


def test_jobs_run_rejects_a_files_source_without_input():
    result = CliRunner().invoke(cli, ["jobs", "run", "--source", "files"])
    assert result.exit_code == 2 and "--input-path" in result.output
