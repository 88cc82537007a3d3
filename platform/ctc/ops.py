"""``ctc-ops`` (``scripts/start.sh`` / ``stop.sh``): start, stop and inspect the platform's paid parts.

Three components, found by the project's naming contract (``<project>-<environment>-…``):
``streams``, the Kinesis streams, which exist only while the platform runs (Terraform's
``run_state``, :mod:`coattail.cli.streams_lifecycle`); ``job``, the streaming job on EMR Serverless
(:mod:`coattail.cli.job_lifecycle`; stopping it and the producer in :mod:`coattail.autostop.compute`, shared
with the billing auto-stop Lambda; its code and Python environment uploaded by
:mod:`coattail.cli.job_artifacts`); and ``producer``, the Fargate task
(:mod:`coattail.cli.producer_lifecycle`). Start: streams, job (so no record waits), producer.
Stop: producer (nothing new arrives), job (once it has committed what the stream holds), streams
(the dead-letter stream archived to S3 first). Every action is idempotent and printed as one JSON
line. Works against a real account or the emulator (``--endpoint-url`` / ``CTC_ENDPOINT_URL``).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click

from coattail.autostop.compute import active_job_runs, producer_tasks, stop_job, stop_producer
from coattail.cli.job_artifacts import (
    VENV_PYTHON_ENV,
    VENV_SOURCE_ENV,
    application_architecture,
    upload_job_artifacts,
    upload_python_environment,
)
from coattail.cli.job_lifecycle import start_job
from coattail.cli.ops_resources import Action, OpsError, Resources, resolve
from coattail.cli.options import aws_options, target_from
from coattail.cli.producer_lifecycle import start_producer
from coattail.cli.run_state import RUN_STATES, TERRAFORM_DIR_ENV, RunStateError, planned
from coattail.cli.streams_lifecycle import checkpoint_of, start_streams, stop_streams, wait_drained
from coattail.cli.terraform import TerraformError
from coattail.core.aws import AwsTarget

COMPONENTS = ("streams", "job", "producer")


def status(target: AwsTarget, res: Resources) -> dict[str, Any]:
    emr = target.client("emr-serverless")
    app = emr.get_application(applicationId=res.emr_application_id)["application"]
    return {
        "job": {
            "application_id": res.emr_application_id,
            "application_state": app["state"],
            "active_job_runs": [{"id": r["id"], "state": r["state"]} for r in active_job_runs(target, res)],
        },
        "producer": {"cluster": res.ecs_cluster, "running_tasks": producer_tasks(target, res)},
    }


# ------------------------------------------------------------------------------------------- CLI
def _components(value: str) -> list[str]:
    chosen = [c.strip() for c in value.split(",") if c.strip()]
    unknown = [c for c in chosen if c not in COMPONENTS]
    if unknown or not chosen:
        raise click.BadParameter(f"choose from {', '.join(COMPONENTS)}; got {value!r}")
    return chosen


@click.group()
def cli() -> None:
    """Start/stop the streams, the streaming job and the producer (cost control). Used by
    scripts/start.sh|stop.sh."""


def _common(func: Any) -> Any:
    func = click.option(
        "--terraform-dir",
        envvar=TERRAFORM_DIR_ENV,
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="The platform's initialised Terraform root (needed for the streams component).",
    )(func)
    func = click.option(
        "--components", default=",".join(COMPONENTS), show_default=True, help=",".join(COMPONENTS)
    )(func)
    return aws_options(func)


def _terraform_dir(value: Path | None) -> Path:
    if value is None:
        raise click.UsageError(
            "the streams component needs the platform's Terraform root: --terraform-dir or "
            f"{TERRAFORM_DIR_ENV} (or leave it out with --components job,producer)"
        )
    return value


@cli.command()
@_common
@click.option(
    "--entry-point", envvar="CTC_STREAMING_ENTRY_POINT", default=None, help="S3 URI of the job's entry point."
)
@click.option(
    "--subnet",
    "subnets",
    multiple=True,
    envvar="CTC_PRODUCER_SUBNETS",
    help="Subnet(s) of the producer task (default: the default VPC's).",
)
@click.option(
    "--security-group",
    "security_groups",
    multiple=True,
    envvar="CTC_PRODUCER_SECURITY_GROUPS",
    help="Security group(s) of the producer task (default: the VPC's default group).",
)
def start(
    region: str,
    profile: str | None,
    endpoint_url: str | None,
    project: str,
    environment: str,
    components: str,
    entry_point: str | None,
    terraform_dir: Path | None,
    subnets: tuple[str, ...],
    security_groups: tuple[str, ...],
) -> None:
    """Create the streams, start the streaming job (so no record waits), then the producer."""
    chosen = _components(components)
    target = target_from(region, profile, endpoint_url)
    res = _resolve(target, project, environment, entry_point)
    actions: list[Action] = []
    if "streams" in chosen:
        actions.append(_run(lambda: start_streams(target, res, _terraform_dir(terraform_dir))))
    if "job" in chosen:
        actions.extend(_run_all(lambda: start_job(target, res)))
    if "producer" in chosen:
        actions.append(_run(lambda: start_producer(target, res, subnets, security_groups)))
    _report(actions)


@cli.command()
@_common
@click.option(
    "--checkpoint",
    envvar="CTC_STREAMING_CHECKPOINT",
    default=None,
    help="The streaming job's checkpoint (default s3://<checkpoint bucket>/streaming/checkpoint).",
)
@click.option(
    "--drain-timeout",
    type=float,
    default=300.0,
    show_default=True,
    help="Seconds to wait for the job to commit the stream's records before cancelling it.",
)
@click.option(
    "--discard-unconsumed",
    is_flag=True,
    help="Remove the trades stream even if the job has not committed all of its records.",
)
def stop(
    region: str,
    profile: str | None,
    endpoint_url: str | None,
    project: str,
    environment: str,
    components: str,
    terraform_dir: Path | None,
    checkpoint: str | None,
    drain_timeout: float,
    discard_unconsumed: bool,
) -> None:
    """Stop the producer (nothing new arrives), the job once it has committed the stream's records,
    then remove the streams (the dead-letter stream archived to S3 first)."""
    chosen = _components(components)
    target = target_from(region, profile, endpoint_url)
    res = _resolve(target, project, environment, None)
    where = checkpoint_of(res, checkpoint)
    actions = []
    if "producer" in chosen:
        actions.append(stop_producer(target, res))
    if "job" in chosen:
        actions.append(wait_drained(target, res, where, drain_timeout))
        actions.append(stop_job(target, res))
    if "streams" in chosen:
        folder = _terraform_dir(terraform_dir)
        _report(actions)  # what is already done is printed even if the streams step refuses
        actions = [_run(lambda: stop_streams(target, res, folder, where, discard_unconsumed))]
    _report(actions)


@cli.command("package")
@aws_options
@click.option(
    "--source",
    type=click.Choice(["environment", "pypi"]),
    envvar=VENV_SOURCE_ENV,
    default="environment",
    show_default=True,
    help="Installed distributions (offline) or wheels pip downloads for the target.",
)
@click.option("--python", "python", envvar=VENV_PYTHON_ENV, default="3.11", show_default=True)
def package_command(
    region: str,
    profile: str | None,
    endpoint_url: str | None,
    project: str,
    environment: str,
    source: str,
    python: str,
) -> None:
    """Build the job's packed virtualenv for the EMR application and upload it with the job code."""
    target = target_from(region, profile, endpoint_url)
    res = _resolve(target, project, environment, None)
    bucket = res.names.processed_bucket
    actions = [upload_job_artifacts(target, bucket)]
    architecture = application_architecture(target, res.emr_application_id)
    actions.append(
        _run(
            lambda: upload_python_environment(
                target, bucket, architecture=architecture, python=python, source=source
            )
        )
    )
    _report(actions)


@cli.command("plan-state")
@click.argument("state", type=click.Choice(RUN_STATES))
@click.option(
    "--terraform-dir",
    envvar=TERRAFORM_DIR_ENV,
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="The platform's initialised Terraform root.",
)
def plan_state_command(state: str, terraform_dir: Path) -> None:
    """Print `terraform show -json` of a plan of STATE (nothing applied). `ctc-review score
    --stopped-plan-json` reads the stopped one to know what stopping removes."""
    try:
        click.echo(json.dumps(planned(terraform_dir, state)))
    except (RunStateError, TerraformError) as exc:
        raise click.ClickException(str(exc)) from None


@cli.command("status")
@aws_options
def status_command(
    region: str, profile: str | None, endpoint_url: str | None, project: str, environment: str
) -> None:
    """Print the state of the job and the producer as JSON."""
    target = target_from(region, profile, endpoint_url)
    click.echo(json.dumps(status(target, _resolve(target, project, environment, None)), indent=2))


def _resolve(target: AwsTarget, project: str, environment: str, entry_point: str | None) -> Resources:
    try:
        return resolve(target, project, environment, entry_point)
    except (LookupError, OpsError) as exc:
        raise click.ClickException(str(exc)) from exc


def _run(step: Any) -> Action:
    try:
        result: Action = step()
        return result
    except OpsError as exc:
        raise click.ClickException(str(exc)) from exc


def _run_all(step: Any) -> list[Action]:
    try:
        result: list[Action] = step()
        return result
    except OpsError as exc:
        raise click.ClickException(str(exc)) from exc


def _report(actions: list[Action]) -> None:
    for action in actions:
        click.echo(json.dumps(asdict(action)))


def main() -> None:
    cli(prog_name="ctc-ops")


if __name__ == "__main__":
    main()
