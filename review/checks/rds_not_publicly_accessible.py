"""Databases are reachable only from inside their network."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, verdict
from coattail.review.checks._rds import pending
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory, RDSInstance
from coattail.review.model import Finding


@check(
    id="rds_not_publicly_accessible",
    title="RDS DB instances are not publicly accessible",
    pillar="security",
    bp_id="SEC05-BP01",
    severity="high",
    service="rds",
    resource_type="AWS::RDS::DBInstance",
    rationale="A publicly accessible instance gets a public DNS name resolving to a public IP: the "
    "database layer is then one security-group rule away from the internet instead of sitting in a "
    "private network layer reached only by the application tier.",
    remediation="aws rds modify-db-instance --db-instance-identifier <id> --no-publicly-accessible "
    "--apply-immediately (and keep it in private subnets).",
    remediation_terraform="publicly_accessible = false",
)
def rds_not_publicly_accessible(inv: Inventory) -> Findings:
    def judge(db: RDSInstance) -> Finding:
        return pending(db, "publicly_accessible") or verdict(
            db,
            db.publicly_accessible is False,
            "not publicly accessible",
            "publicly accessible (public DNS name and IP address)",
            publicly_accessible=db.publicly_accessible,
        )

    yield from each(inv, RDSInstance, "RDS DB instances", judge)
