"""EC2 instances publish one-minute (detailed) CloudWatch metrics."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown, unknown_attributes, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import EC2Instance, Inventory
from coattail.review.model import Finding


@check(
    id="ec2_detailed_monitoring",
    title="EC2 instances have detailed monitoring",
    pillar="operational_excellence",
    bp_id="OPS08-BP01",
    severity="low",
    service="ec2",
    resource_type="AWS::EC2::Instance",
    rationale="Basic monitoring samples every five minutes: a spike shorter than that is averaged away, "
    "and an alarm needs up to fifteen minutes to fire. Detailed monitoring publishes one-minute "
    "metrics, so alarms, dashboards and scaling policies see what the instance does.",
    remediation="aws ec2 monitor-instances --instance-ids <id>",
    remediation_terraform="monitoring = true",
)
def ec2_detailed_monitoring(inv: Inventory) -> Findings:
    def judge(i: EC2Instance) -> Finding:
        if i.monitoring is None:
            return unknown_attributes(i, "monitoring") or unknown(i, "monitoring state not read")
        return verdict(
            i,
            i.monitoring in ("enabled", "pending"),
            f"detailed monitoring {i.monitoring} (one-minute metrics)",
            f"detailed monitoring {i.monitoring}: five-minute metrics only",
            monitoring=i.monitoring,
        )

    yield from each(inv, EC2Instance, "EC2 instances", judge)
