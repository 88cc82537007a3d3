"""The producer's container uses no more CPU and memory than it needs."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown_attributes, verdict
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import ECSTaskDefinition, Inventory
from coattail.review.model import Finding


@check(
    id="ecs_task_right_sized",
    title="ECS task definitions stay within the documented CPU and memory size",
    pillar="sustainability",
    bp_id="SUS05-BP01",
    severity="low",
    service="ecs",
    resource_type="AWS::ECS::TaskDefinition",
    rationale="An I/O-bound WebSocket producer needs a fraction of a vCPU; oversized tasks burn capacity "
    "(and money) for nothing.",
    remediation="Measure and lower cpu/memory in the task definition.",
    remediation_terraform="cpu = 256\nmemory = 512",
    params={"max_cpu_units": 1024, "max_memory_mb": 2048},
)
def ecs_task_right_sized(inv: Inventory, p: Params) -> Findings:
    def judge(t: ECSTaskDefinition) -> Finding:
        ok = (t.cpu or 0) <= p.int("max_cpu_units") and (t.memory_mb or 0) <= p.int("max_memory_mb")
        return unknown_attributes(t, "cpu", "memory_mb") or verdict(
            t,
            ok and t.cpu is not None,
            f"{t.cpu} CPU units / {t.memory_mb} MB",
            f"{t.cpu} CPU units / {t.memory_mb} MB exceeds {p.int('max_cpu_units')} / "
            f"{p.int('max_memory_mb')}"
            if t.cpu is not None
            else "task size not set",
            cpu=t.cpu,
            memory_mb=t.memory_mb,
        )

    yield from each(inv, ECSTaskDefinition, "ECS task definitions", judge)
