"""Database engine logs are exported to CloudWatch Logs."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, verdict
from coattail.review.checks._rds import pending
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory, RDSInstance
from coattail.review.model import Finding


@check(
    id="rds_log_exports",
    title="RDS DB instances export their engine logs to CloudWatch Logs",
    pillar="security",
    bp_id="SEC04-BP01",
    severity="medium",
    service="rds",
    resource_type="AWS::RDS::DBInstance",
    rationale="Connection, authentication and error logs left on the instance rotate away within "
    "days and die with it; exported to CloudWatch Logs they are kept, searchable and alarmable.",
    remediation="aws rds modify-db-instance --db-instance-identifier <id> "
    '--cloudwatch-logs-export-configuration \'{"EnableLogTypes":["postgresql","upgrade"]}\' '
    "--apply-immediately",
    remediation_terraform='enabled_cloudwatch_logs_exports = ["postgresql", "upgrade"]',
)
def rds_log_exports(inv: Inventory) -> Findings:
    def judge(db: RDSInstance) -> Finding:
        logs = db.log_exports or ()
        return pending(db, "log_exports", cluster_setting=True) or verdict(
            db,
            bool(logs),
            f"engine logs exported to CloudWatch Logs: {', '.join(logs)}",
            "no engine log exported to CloudWatch Logs",
            log_exports=logs,
        )

    yield from each(inv, RDSInstance, "RDS DB instances", judge)
