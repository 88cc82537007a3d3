"""Containers do not run privileged."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown_attributes, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import ECSTaskDefinition, Inventory
from coattail.review.model import Finding


@check(
    id="ecs_task_not_privileged",
    title="ECS containers are not privileged",
    pillar="security",
    bp_id="SEC06-BP02",
    severity="high",
    service="ecs",
    resource_type="AWS::ECS::TaskDefinition",
    rationale="A privileged container has root access to its host; on Fargate it is rejected, elsewhere "
    "it breaks isolation.",
    remediation="Remove privileged = true from the container definition.",
    remediation_terraform="privileged = false  # in container_definitions",
)
def ecs_task_not_privileged(inv: Inventory) -> Findings:
    def judge(t: ECSTaskDefinition) -> Finding:
        bad = sorted(c.name for c in t.containers if c.privileged)
        return unknown_attributes(t, "containers") or verdict(
            t,
            not bad,
            f"no privileged container among {len(t.containers)}",
            f"privileged containers {bad}",
            privileged_containers=bad,
        )

    yield from each(inv, ECSTaskDefinition, "ECS task definitions", judge)
