"""`ctc jobs` commands: run the streaming application locally, submit it to EMR Serverless."""

from __future__ import annotations

import click

from coattail.cli.options import aws_options, require_extras, target_from


@click.group(name="jobs")
def group() -> None:
    """Spark streaming application and batch jobs."""


@group.command("run")
@aws_options
@click.option("--source", type=click.Choice(["kinesis", "files"]), default="kinesis", show_default=True)
@click.option("--input-path", default=None, help="Folder of JSON-lines trade files (with --source files).")
@click.option(
    "--state-dir", default=".local/jobs", show_default=True, help="Local checkpoints + Iceberg warehouse."
)
@click.option(
    "--trigger-seconds",
    type=float,
    default=None,
    help="Micro-batch interval (default: the config's streaming.trigger_seconds).",
)
@click.option("--tier", default=None, help="Detector tier from the pipeline config (e.g. minimal, standard).")
@click.option("--config", "config_path", default=None, help="Pipeline YAML (default: the packaged one).")
def run_command(
    region: str,
    profile: str | None,
    endpoint_url: str | None,
    project: str,
    environment: str,
    source: str,
    input_path: str | None,
    state_dir: str,
    trigger_seconds: float | None,
    tier: str | None,
    config_path: str | None,
) -> None:
    """Run the streaming application locally (local[2] Spark) against the emulator or an account."""
    require_extras("platform")
    from coattail.jobs.streaming import RunOptions, run

    if source == "files" and not input_path:
        raise click.UsageError("--source files needs --input-path")
    run(
        RunOptions(
            project=project,
            environment=environment,
            region=region,
            endpoint_url=endpoint_url,
            profile=profile,
            local=True,
            source=source,
            input_path=input_path,
            state_dir=state_dir,
            trigger_seconds=trigger_seconds,
            tier=tier,
            config_path=config_path,
        )
    )


@group.command("submit")
@aws_options
@click.option("--application-id", default=None, help="EMR Serverless application (default: <prefix>-spark).")
@click.option("--role-arn", default=None, help="Execution role (default: <prefix>-emr-execution).")
@click.option("--entry-point", required=True, help="s3:// URI of jobs/streaming_app.py.")
@click.option("--py-files", default=None, help="s3:// URI of the jobs package zip (ctc_jobs.zip).")
@click.option(
    "--venv-archive",
    default=None,
    help="s3:// URI of the packed virtualenv (pyspark_venv.tar.gz) the job runs with; needs --py-files.",
)
def submit_command(
    region: str,
    profile: str | None,
    endpoint_url: str | None,
    project: str,
    environment: str,
    application_id: str | None,
    role_arn: str | None,
    entry_point: str,
    py_files: str | None,
    venv_archive: str | None,
) -> None:
    """Submit the streaming application to EMR Serverless (STREAMING mode).

    Low level: the artifacts must already be in S3. ``scripts/start.sh`` uploads the job code and
    the packed virtualenv (only when changed) and submits with both.
    """
    from coattail.core.aws import find_emr_application
    from coattail.jobs.submit import DEFAULT_SPARK_PARAMETERS, packaged_spark_parameters, start_job_run

    if venv_archive and not py_files:
        raise click.UsageError("--venv-archive needs --py-files (the job's code)")
    try:
        parameters = (
            packaged_spark_parameters(py_files, venv_archive) if py_files else DEFAULT_SPARK_PARAMETERS
        )
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc

    target = target_from(region, profile, endpoint_url)
    prefix = f"{project}-{environment}"
    app = application_id or find_emr_application(target, f"{prefix}-spark")
    role = role_arn or target.client("iam").get_role(RoleName=f"{prefix}-emr-execution")["Role"]["Arn"]
    run_id = start_job_run(
        target,
        app,
        role,
        entry_point,
        arguments=["--project", project, "--environment", environment],
        name=f"{prefix}-streaming",
        spark_parameters=parameters,
    )
    click.echo(f"submitted job run {run_id} to application {app}")


@group.command("drill")
@aws_options
def drill_command(
    region: str, profile: str | None, endpoint_url: str | None, project: str, environment: str
) -> None:
    """Run the lakehouse recovery drill (RUNBOOK 5.3) on the scratch table ``recovery_drill``.

    Corrupts the table, rolls it back to the last good snapshot, verifies every row and records the
    outcome in the table's properties (the review's ``iceberg_recovery_drill_recent`` reads them).
    """
    from coattail.jobs.recovery import DrillFailed, run_platform_drill

    target = target_from(region, profile, endpoint_url)
    try:
        result = run_platform_drill(target, project, environment)
    except DrillFailed as exc:
        raise click.ClickException(f"recovery drill failed: {exc}") from exc
    click.echo(
        f"recovery drill verified on {result.table}: rolled back from snapshot {result.corrupt_snapshot_id} "
        f"to {result.good_snapshot_id}, {result.rows} rows as before"
    )
