"""Database hosts report OS-level metrics (Enhanced Monitoring)."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, verdict
from coattail.review.checks._rds import pending
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory, RDSInstance
from coattail.review.model import Finding


@check(
    id="rds_enhanced_monitoring",
    title="RDS DB instances have Enhanced Monitoring",
    pillar="performance_efficiency",
    bp_id="PERF03-BP03",
    severity="low",
    service="rds",
    resource_type="AWS::RDS::DBInstance",
    rationale="CloudWatch's instance metrics come from the hypervisor once a minute; Enhanced "
    "Monitoring adds the operating system's view (per-process CPU and memory, swap, disk queue) "
    "needed to tell an undersized instance from a bad query.",
    remediation="aws rds modify-db-instance --db-instance-identifier <id> --monitoring-interval 60 "
    "--monitoring-role-arn <rds-monitoring-role-arn> --apply-immediately",
    remediation_terraform="monitoring_interval = 60\nmonitoring_role_arn = aws_iam_role.rds_monitoring.arn",
)
def rds_enhanced_monitoring(inv: Inventory) -> Findings:
    def judge(db: RDSInstance) -> Finding:
        interval = db.monitoring_interval_seconds
        return pending(db, "monitoring_interval_seconds") or verdict(
            db,
            bool(interval),
            f"Enhanced Monitoring every {interval} s",
            "Enhanced Monitoring off (monitoring interval 0)",
            monitoring_interval_seconds=interval,
        )

    yield from each(inv, RDSInstance, "RDS DB instances", judge)
