"""``ctc-ops`` (``scripts/start.sh`` / ``stop.sh``): start, stop and inspect the platform's paid parts.

Two components, both found by the project's naming contract (``<project>-<environment>-…``):
``job``, the streaming job on EMR Serverless (:mod:`coattail.cli.job_lifecycle`, its code and Python
environment uploaded by :mod:`coattail.cli.job_artifacts`), and ``producer``, the Fargate task
(:mod:`coattail.cli.producer_lifecycle`). Start brings up the job first (so no record waits), stop
takes the producer down first (so nothing new arrives). Every action is idempotent and printed as
one JSON line. Works against a real account or the emulator (``--endpoint-url`` / ``CTC_ENDPOINT_URL``).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

import click

from coattail.cli.job_artifacts import (
    VENV_PYTHON_ENV,
    VENV_SOURCE_ENV,
    application_architecture,
    upload_job_artifacts,
    upload_python_environment,
)
from coattail.cli.job_lifecycle import active_job_runs, start_job, stop_job
from coattail.cli.ops_resources import Action, OpsError, Resources, resolve
from coattail.cli.options import aws_options, target_from
from coattail.cli.producer_lifecycle import producer_tasks, start_producer, stop_producer
from coattail.core.aws import AwsTarget

COMPONENTS = ("job", "producer")


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
    """Start/stop the producer and the streaming job (cost control). Used by scripts/start.sh|stop.sh."""


def _common(func: Any) -> Any:
    func = click.option("--components", default="job,producer", show_default=True, help="job,producer")(func)
    return aws_options(func)


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
    subnets: tuple[str, ...],
    security_groups: tuple[str, ...],
) -> None:
    """Start the streaming job (first, so no record waits) and then the producer."""
    chosen = _components(components)
    target = target_from(region, profile, endpoint_url)
    res = _resolve(target, project, environment, entry_point)
    actions: list[Action] = []
    if "job" in chosen:
        actions.extend(_run_all(lambda: start_job(target, res)))
    if "producer" in chosen:
        actions.append(_run(lambda: start_producer(target, res, subnets, security_groups)))
    _report(actions)


@cli.command()
@_common
def stop(
    region: str,
    profile: str | None,
    endpoint_url: str | None,
    project: str,
    environment: str,
    components: str,
) -> None:
    """Stop the producer first (nothing new arrives), then the streaming job and its application."""
    chosen = _components(components)
    target = target_from(region, profile, endpoint_url)
    res = _resolve(target, project, environment, None)
    actions = []
    if "producer" in chosen:
        actions.append(stop_producer(target, res))
    if "job" in chosen:
        actions.append(stop_job(target, res))
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
