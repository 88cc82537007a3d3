"""Databases are backed up automatically and the backups are kept long enough."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, verdict
from coattail.review.checks._rds import pending
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import Inventory, RDSInstance
from coattail.review.model import Finding


@check(
    id="rds_backup_retention",
    title="RDS DB instances keep automated backups for at least the minimum retention",
    pillar="reliability",
    bp_id="REL09-BP03",
    severity="medium",
    service="rds",
    resource_type="AWS::RDS::DBInstance",
    rationale="Automated backups (with point-in-time recovery) exist only while the retention period is "
    "above zero, and only as far back as it reaches: a one-day window loses any corruption noticed a day "
    "late. Read replicas are not judged: their source's backups cover the data.",
    remediation="aws rds modify-db-instance --db-instance-identifier <id> --backup-retention-period 7 "
    "--apply-immediately",
    remediation_terraform="backup_retention_period = 7",
    params={"min_days": 7},
)
def rds_backup_retention(inv: Inventory, p: Params) -> Findings:
    minimum = p.int("min_days")

    def judge(db: RDSInstance) -> Finding:
        days = db.backup_retention_days
        return pending(db, "backup_retention_days", cluster_setting=True) or verdict(
            db,
            days is not None and days >= minimum,
            f"automated backups kept {days} days (>= {minimum})",
            "automated backups disabled (retention 0 days)"
            if days == 0
            else f"automated backups kept {days} days (< {minimum})",
            backup_retention_days=days,
            min_days=minimum,
        )

    # a read replica's data is backed up at its source (PostgreSQL replicas cannot keep backups at all)
    yield from each(inv, RDSInstance, "RDS DB instances (read replicas aside)", judge, select=_not_replica)


def _not_replica(db: RDSInstance) -> bool:
    return not db.is_replica
