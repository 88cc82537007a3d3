"""Stop the platform's compute: the producer's Fargate tasks and the streaming job on EMR Serverless.

One implementation for two callers: the billing auto-stop Lambda (:mod:`coattail.autostop.handler`,
which cannot run Terraform) and ``scripts/stop.sh`` (:mod:`coattail.cli.ops`, which also drains the job
first and removes the streams through Terraform). It lives with the function, which ships only this
package and ``coattail.core`` (the CLI sits above the platform runtime and imports it, never the
reverse). Every step is idempotent and reported as an :class:`Action`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from coattail.core.aws import AwsTarget

ACTIVE_RUN_STATES = ["SUBMITTED", "PENDING", "SCHEDULED", "RUNNING", "QUEUED"]


@dataclass
class Action:
    """One start/stop step taken: which component, what happened, the details (printed as JSON)."""

    component: str
    action: str
    detail: dict[str, Any] = field(default_factory=dict)


class ComputeTargets(Protocol):
    """What stopping the compute acts on (``ops_resources.Resources`` is one)."""

    @property
    def prefix(self) -> str: ...
    @property
    def ecs_cluster(self) -> str: ...
    @property
    def task_family(self) -> str: ...
    @property
    def emr_application_id(self) -> str: ...


@dataclass(frozen=True)
class Compute:
    """The targets by themselves, for a caller that knows them without SSM discovery (the Lambda)."""

    prefix: str
    ecs_cluster: str
    task_family: str
    emr_application_id: str


def producer_tasks(target: AwsTarget, res: ComputeTargets) -> list[str]:
    ecs = target.client("ecs")
    arns: list[str] = []
    for page in ecs.get_paginator("list_tasks").paginate(
        cluster=res.ecs_cluster, family=res.task_family, desiredStatus="RUNNING"
    ):
        arns.extend(page.get("taskArns", []))
    return arns


def stop_producer(
    target: AwsTarget, res: ComputeTargets, reason: str = "stopped by scripts/stop.sh (ctc-ops)"
) -> Action:
    ecs = target.client("ecs")
    stopped = []
    for arn in producer_tasks(target, res):
        ecs.stop_task(cluster=res.ecs_cluster, task=arn, reason=reason)
        stopped.append(arn)
    return Action("producer", "stopped" if stopped else "already-stopped", {"task_arns": stopped})


def active_job_runs(target: AwsTarget, res: ComputeTargets) -> list[dict[str, Any]]:
    emr = target.client("emr-serverless")
    runs: list[dict[str, Any]] = []
    for page in emr.get_paginator("list_job_runs").paginate(
        applicationId=res.emr_application_id, states=ACTIVE_RUN_STATES
    ):
        runs.extend(
            r for r in page.get("jobRuns", []) if r.get("name", "").startswith(f"{res.prefix}-streaming")
        )
    return runs


def stop_job(target: AwsTarget, res: ComputeTargets) -> Action:
    """Cancel every active streaming job run, then stop the application (auto-stop would do it after
    its idle minutes; stopping explicitly ends the spend now)."""
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
