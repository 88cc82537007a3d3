"""Start, stop and inspect the platform's paid streaming parts (``scripts/start.sh`` / ``stop.sh``).

Two components, both found by the project's naming contract (``<project>-<environment>-…``):

* ``job`` — the Spark Structured Streaming job on the EMR Serverless application
  ``<prefix>-spark``: start the application, then StartJobRun in STREAMING mode (no execution
  timeout, retry policy of at most 5 failed attempts per hour) as ``<prefix>-emr-execution``.
  Stop cancels every active job run and stops the application (auto-stop would do it after
  15 idle minutes; stopping explicitly ends the spend now).
  Before StartJobRun the job's code is uploaded to ``s3://<processed>/artifacts/jobs/`` (see
  :func:`upload_job_artifacts`): the two entry points EMR runs (``streaming_app.py`` for the
  stream, ``batch_reprocess.py`` for the Step Functions batch) and ``ctc_jobs.zip`` with the
  ``jobs`` package (passed as ``--py-files``). Objects whose SHA-256 already matches are skipped.
  Next to them ``pyspark_venv.tar.gz``: the job's Python dependencies (pyiceberg, pyarrow, boto3…)
  as a packed virtualenv for the application's architecture (``coattail.jobs.packaging``; built once per
  set of versions into ``CTC_EMR_VENV_CACHE``, default ``.local/emr-venv``), which the job run
  uses through ``spark.archives`` and ``PYSPARK_PYTHON`` (``python -m coattail.cli.ops package`` builds and
  uploads it alone).
* ``producer`` — the Fargate task of task-definition family ``<prefix>-producer`` on the ECS
  cluster ``<prefix>-producer`` (RunTask; stop = StopTask of every task of that family).

Both actions are idempotent: starting something already running reports it and does nothing;
stopping something already stopped likewise. Works against a real account or the emulator
(``--endpoint-url`` / ``CTC_ENDPOINT_URL``).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import click
from coattail.cli.lambda_build import PackageSpec, package_dir, zip_bytes
from coattail.cli.options import aws_options, target_from
from coattail.core.aws import AwsTarget, PlatformNames, discover_platform

COMPONENTS = ("job", "producer")
ACTIVE_RUN_STATES = ["SUBMITTED", "PENDING", "SCHEDULED", "RUNNING", "QUEUED"]
ARTIFACTS_PREFIX = "artifacts/jobs/"
STREAMING_ENTRY_POINT = "s3://{processed}/" + ARTIFACTS_PREFIX + "streaming_app.py"
ENTRY_POINT_FILES = ("streaming_app.py", "batch_reprocess.py")  # files of the jobs package
PY_FILES_ZIP = "ctc_jobs.zip"
# The jobs package and the one bottom-layer package it imports (coattail.core: AwsTarget).
PY_FILES = PackageSpec(PY_FILES_ZIP, trees=("coattail.jobs", "coattail.core"))
ZIP_SUFFIXES = (".py", ".yaml", ".yml", ".json")
VENV_CACHE_ENV, VENV_SOURCE_ENV, VENV_PYTHON_ENV = (
    "CTC_EMR_VENV_CACHE",
    "CTC_EMR_VENV_SOURCE",
    "CTC_EMR_PYTHON",
)


class OpsError(RuntimeError):
    """The platform is not in a state the operation can work with (named in the message)."""


@dataclass(frozen=True)
class Resources:
    """What start/stop act on, resolved from SSM discovery and the naming contract."""

    project: str
    environment: str
    prefix: str
    names: PlatformNames
    emr_application_id: str
    emr_role_arn: str
    ecs_cluster: str
    task_family: str
    entry_point: str


@dataclass
class Action:
    component: str
    action: str
    detail: dict[str, Any] = field(default_factory=dict)


def resolve(target: AwsTarget, project: str, environment: str, entry_point: str | None = None) -> Resources:
    names = discover_platform(target, project, environment)
    prefix = f"{project}-{environment}"
    app_id = _emr_application(target, f"{prefix}-spark")
    role = target.client("iam").get_role(RoleName=f"{prefix}-emr-execution")["Role"]["Arn"]
    return Resources(
        project=project,
        environment=environment,
        prefix=prefix,
        names=names,
        emr_application_id=app_id,
        emr_role_arn=role,
        ecs_cluster=f"{prefix}-producer",
        task_family=f"{prefix}-producer",
        entry_point=entry_point or STREAMING_ENTRY_POINT.format(processed=names.processed_bucket),
    )


def _emr_application(target: AwsTarget, name: str) -> str:
    for page in target.client("emr-serverless").get_paginator("list_applications").paginate():
        for app in page.get("applications", []):
            if app.get("name") == name and app.get("state") != "TERMINATED":
                return str(app["id"])
    raise OpsError(f"EMR Serverless application {name!r} not found: is the platform deployed?")


# ------------------------------------------------------------------------------------ artifacts
@dataclass(frozen=True)
class Artifact:
    """One object of the job's code under ``artifacts/jobs/``."""

    name: str
    body: bytes
    content_type: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()

    @property
    def sha256_b64(self) -> str:
        return base64.b64encode(hashlib.sha256(self.body).digest()).decode()

    @property
    def md5(self) -> str:
        return hashlib.md5(self.body, usedforsecurity=False).hexdigest()


def build_py_files_zip(source_dir: Path | None = None) -> bytes:
    """``coattail.jobs`` (sources + config) and ``coattail.core``, as a reproducible zip."""
    return zip_bytes(PY_FILES, source_dir, suffixes=ZIP_SUFFIXES)


def job_artifacts(source_dir: Path | None = None) -> list[Artifact]:
    jobs = package_dir("coattail.jobs", source_dir)
    missing = [name for name in ENTRY_POINT_FILES if not (jobs / name).is_file()]
    if missing:
        raise OpsError(f"job entry point(s) missing under {jobs}: {', '.join(missing)}")
    artifacts = [Artifact(name, (jobs / name).read_bytes(), "text/x-python") for name in ENTRY_POINT_FILES]
    artifacts.append(Artifact(PY_FILES_ZIP, build_py_files_zip(source_dir), "application/zip"))
    return artifacts


def py_files_uri(bucket: str) -> str:
    return f"s3://{bucket}/{ARTIFACTS_PREFIX}{PY_FILES_ZIP}"


def _stored_matches(s3: Any, bucket: str, key: str, artifact: Artifact) -> bool:
    """True when the stored object has the artifact's SHA-256 (checksum or metadata) or MD5 ETag."""
    try:
        head = s3.head_object(Bucket=bucket, Key=key, ChecksumMode="ENABLED")
    except s3.exceptions.ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
            return False
        raise
    if head.get("ChecksumSHA256"):
        return bool(head["ChecksumSHA256"] == artifact.sha256_b64)
    if head.get("Metadata", {}).get("sha256"):
        return bool(head["Metadata"]["sha256"] == artifact.sha256)
    return bool(head.get("ETag", "").strip('"') == artifact.md5)  # single-part SSE-S3 upload


def _put_unless_stored(s3: Any, bucket: str, artifact: Artifact) -> bool:
    """PUT the artifact under ``artifacts/jobs/`` (with its SHA-256) unless identical; True if put."""
    key = ARTIFACTS_PREFIX + artifact.name
    if _stored_matches(s3, bucket, key, artifact):
        return False
    s3.put_object(
        Bucket=bucket,
        Key=key,
        Body=artifact.body,
        ContentType=artifact.content_type,
        ChecksumSHA256=artifact.sha256_b64,
        Metadata={"sha256": artifact.sha256},
    )
    return True


def upload_job_artifacts(target: AwsTarget, bucket: str, root: Path | None = None) -> Action:
    """Upload the entry points and the ``--py-files`` zip unless the stored copy is identical."""
    s3 = target.client("s3")
    uploaded: list[str] = []
    unchanged: list[str] = []
    for artifact in job_artifacts(root):
        key = ARTIFACTS_PREFIX + artifact.name
        (uploaded if _put_unless_stored(s3, bucket, artifact) else unchanged).append(key)
    return Action(
        "artifacts",
        "uploaded" if uploaded else "up-to-date",
        {"bucket": bucket, "uploaded": uploaded, "unchanged": unchanged},
    )


def venv_archive_uri(bucket: str) -> str:
    from coattail.jobs.packaging import ARCHIVE_NAME

    return f"s3://{bucket}/{ARTIFACTS_PREFIX}{ARCHIVE_NAME}"


def venv_cache_dir() -> Path:
    configured = os.environ.get(VENV_CACHE_ENV)
    return Path(configured) if configured else Path(".local") / "emr-venv"


def application_architecture(target: AwsTarget, application_id: str) -> str:
    app = target.client("emr-serverless").get_application(applicationId=application_id)["application"]
    return str(app.get("architecture") or "X86_64")


def upload_python_environment(
    target: AwsTarget,
    bucket: str,
    *,
    architecture: str = "X86_64",
    python: str | None = None,
    source: str | None = None,
    cache_dir: Path | None = None,
) -> Action:
    """Build (or reuse) the job's packed virtualenv and upload it unless the stored copy is identical."""
    from coattail.jobs.packaging import ARCHIVE_NAME, PackagingError, PythonTarget, build_venv_archive

    try:
        python_target = PythonTarget(
            python=python or os.environ.get(VENV_PYTHON_ENV, "3.11"), architecture=architecture
        )
        archive = build_venv_archive(
            cache_dir or venv_cache_dir(),
            target=python_target,
            source=source or os.environ.get(VENV_SOURCE_ENV, "environment"),
        )
    except PackagingError as exc:
        raise OpsError(f"the job's Python environment could not be built: {exc}") from exc
    artifact = Artifact(ARCHIVE_NAME, archive.path.read_bytes(), "application/gzip")
    uploaded = _put_unless_stored(target.client("s3"), bucket, artifact)
    return Action(
        "python-env",
        "uploaded" if uploaded else "up-to-date",
        {
            "uri": venv_archive_uri(bucket),
            "sha256": archive.sha256,
            "bytes": len(artifact.body),
            "python": python_target.python,
            "architecture": python_target.architecture,
            "packages": len(archive.packages),
        },
    )


# ------------------------------------------------------------------------------------------- job
def active_job_runs(target: AwsTarget, res: Resources) -> list[dict[str, Any]]:
    emr = target.client("emr-serverless")
    runs: list[dict[str, Any]] = []
    for page in emr.get_paginator("list_job_runs").paginate(
        applicationId=res.emr_application_id, states=ACTIVE_RUN_STATES
    ):
        runs.extend(
            r for r in page.get("jobRuns", []) if r.get("name", "").startswith(f"{res.prefix}-streaming")
        )
    return runs


def start_job(target: AwsTarget, res: Resources, artifacts: list[Action] | None = None) -> Action:
    """StartJobRun unless a run is active; the job's code is uploaded first (into ``artifacts``)."""
    emr = target.client("emr-serverless")
    running = active_job_runs(target, res)
    if running:
        return Action("job", "already-running", {"job_run_ids": [r["id"] for r in running]})
    from coattail.jobs.submit import packaged_spark_parameters, start_job_run  # the jobs engineer's helper

    bucket = res.names.processed_bucket
    uploaded = upload_job_artifacts(target, bucket)
    environment = upload_python_environment(
        target, bucket, architecture=application_architecture(target, res.emr_application_id)
    )
    if artifacts is not None:
        artifacts.extend([uploaded, environment])

    state = emr.get_application(applicationId=res.emr_application_id)["application"]["state"]
    run_id = start_job_run(
        target,
        res.emr_application_id,
        res.emr_role_arn,
        res.entry_point,
        arguments=["--project", res.project, "--environment", res.environment],
        name=f"{res.prefix}-streaming",
        spark_parameters=packaged_spark_parameters(py_files_uri(bucket), venv_archive_uri(bucket)),
        log_uri=f"s3://{res.names.checkpoint_bucket}/emr-logs/",
        tags={"Project": res.project, "Environment": res.environment, "StartedBy": "ctc-ops"},
    )
    return Action(
        "job",
        "started",
        {"application_id": res.emr_application_id, "job_run_id": run_id, "from_state": state},
    )


def stop_job(target: AwsTarget, res: Resources) -> Action:
    emr = target.client("emr-serverless")
    cancelled = []
    for run in active_job_runs(target, res):
        emr.cancel_job_run(applicationId=res.emr_application_id, jobRunId=run["id"])
        cancelled.append(run["id"])
    state = emr.get_application(applicationId=res.emr_application_id)["application"]["state"]
    if state in ("STARTED", "STARTING"):
        emr.stop_application(applicationId=res.emr_application_id)
    action = "stopped" if cancelled or state in ("STARTED", "STARTING") else "already-stopped"
    return Action("job", action, {"cancelled_job_run_ids": cancelled, "application_state_before": state})


# -------------------------------------------------------------------------------------- producer
def producer_tasks(target: AwsTarget, res: Resources) -> list[str]:
    ecs = target.client("ecs")
    arns: list[str] = []
    for page in ecs.get_paginator("list_tasks").paginate(
        cluster=res.ecs_cluster, family=res.task_family, desiredStatus="RUNNING"
    ):
        arns.extend(page.get("taskArns", []))
    return arns


def start_producer(
    target: AwsTarget, res: Resources, subnets: Sequence[str] = (), security_groups: Sequence[str] = ()
) -> Action:
    running = producer_tasks(target, res)
    if running:
        return Action("producer", "already-running", {"task_arns": running})
    network = producer_network(target, subnets, security_groups)
    response = target.client("ecs").run_task(
        cluster=res.ecs_cluster,
        taskDefinition=res.task_family,
        launchType="FARGATE",
        count=1,
        startedBy="ctc-ops",
        networkConfiguration={"awsvpcConfiguration": network},
        propagateTags="TASK_DEFINITION",
    )
    failures = response.get("failures") or []
    if failures:
        raise OpsError(f"ECS RunTask failed: {failures}")
    arns = [t["taskArn"] for t in response.get("tasks", [])]
    return Action("producer", "started", {"task_arns": arns, **network})


def producer_network(
    target: AwsTarget, subnets: Sequence[str], security_groups: Sequence[str]
) -> dict[str, Any]:
    """awsvpc settings: given subnets/groups, else the default VPC's subnets and its default group.

    The platform has no VPC of its own (ADR-007: no VPC, no NAT): the task gets a public IP for
    its outbound WebSocket connections; the default group allows no inbound traffic from outside.
    """
    ec2 = target.client("ec2")
    chosen = list(subnets)
    if not chosen:
        found = ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}]).get(
            "Subnets", []
        )
        if not found:
            raise OpsError(
                "no default-VPC subnets: pass --subnet (or CTC_PRODUCER_SUBNETS) for the producer task"
            )
        chosen = [s["SubnetId"] for s in found[:3]]
    groups = list(security_groups)
    if not groups:
        vpc = ec2.describe_subnets(SubnetIds=chosen[:1])["Subnets"][0]["VpcId"]
        found_groups = ec2.describe_security_groups(
            Filters=[{"Name": "vpc-id", "Values": [vpc]}, {"Name": "group-name", "Values": ["default"]}]
        ).get("SecurityGroups", [])
        if not found_groups:
            raise OpsError(f"no default security group in {vpc}: pass --security-group")
        groups = [found_groups[0]["GroupId"]]
    return {"subnets": chosen, "securityGroups": groups, "assignPublicIp": "ENABLED"}


def stop_producer(target: AwsTarget, res: Resources) -> Action:
    ecs = target.client("ecs")
    stopped = []
    for arn in producer_tasks(target, res):
        ecs.stop_task(cluster=res.ecs_cluster, task=arn, reason="stopped by scripts/stop.sh (ctc-ops)")
        stopped.append(arn)
    return Action("producer", "stopped" if stopped else "already-stopped", {"task_arns": stopped})


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
        job = _run(lambda: start_job(target, res, actions))
        actions.append(job)
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


def _report(actions: list[Action]) -> None:
    for action in actions:
        click.echo(json.dumps(asdict(action)))


def main() -> None:
    cli(prog_name="ctc-ops")


if __name__ == "__main__":
    main()
