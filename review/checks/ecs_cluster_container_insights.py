"""Container CPU and memory are measured."""

from __future__ import annotations

from coattail.review.checks._common import Findings, attribute_in
from coattail.review.checks._registry import check
from coattail.review.inventory import ECSCluster, Inventory


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
@attribute_in(
    ECSCluster, "container_insights", ["enabled", "enhanced"], what="ECS clusters", label="Container Insights"
)
def ecs_cluster_container_insights(inv: Inventory) -> Findings:
    """Declared above: Container Insights must be one of the allowed values."""
    yield from ()  # replaced by attribute_in
