"""Container CPU and memory are measured."""

from __future__ import annotations

from review.checks._common import Findings, each, verdict
from review.checks._registry import check
from review.inventory import ECSCluster, Inventory
from review.model import Finding


@check(
    id="ecs_cluster_container_insights",
    title="ECS clusters have Container Insights enabled",
    pillar="performance_efficiency",
    bp_id="PERF02-BP03",
    severity="low",
    service="ecs",
    resource_type="AWS::ECS::Cluster",
    rationale="Per-task CPU and memory metrics are what right-sizing decisions are made from.",
    remediation="Enable the containerInsights cluster setting.",
    remediation_terraform='setting { name = "containerInsights"  value = "enabled" }',
)
def ecs_cluster_container_insights(inv: Inventory) -> Findings:
    def judge(c: ECSCluster) -> Finding:
        mode = c.container_insights or "disabled"
        return verdict(
            c,
            mode in ("enabled", "enhanced"),
            f"Container Insights {mode}",
            "Container Insights disabled",
            container_insights=mode,
        )

    yield from each(inv, ECSCluster, "ECS clusters", judge)
