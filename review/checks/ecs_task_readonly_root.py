"""Containers cannot modify their own filesystem."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown_attributes, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import ECSTaskDefinition, Inventory
from coattail.review.model import Finding


@check(
    id="ecs_task_readonly_root",
    title="ECS containers run with a read-only root filesystem",
    pillar="security",
    bp_id="SEC06-BP02",
    severity="medium",
    service="ecs",
    resource_type="AWS::ECS::TaskDefinition",
    rationale="A read-only root filesystem stops an attacker from persisting tools or altering binaries.",
    remediation="Set readonlyRootFilesystem = true; mount a volume for the paths that must be writable.",
    remediation_terraform="readonlyRootFilesystem = true  # in container_definitions",
)
def ecs_task_readonly_root(inv: Inventory) -> Findings:
    def judge(t: ECSTaskDefinition) -> Finding:
        writable = sorted(c.name for c in t.containers if not c.readonly_root_filesystem)
        return unknown_attributes(t, "containers") or verdict(
            t,
            bool(t.containers) and not writable,
            f"all {len(t.containers)} container(s) have a read-only root filesystem",
            f"writable root filesystem in {writable or 'no containers'}",
            writable_containers=writable,
        )

    yield from each(inv, ECSTaskDefinition, "ECS task definitions", judge)
