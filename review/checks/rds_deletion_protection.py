"""Databases cannot be deleted by one mistaken call."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, verdict
from coattail.review.checks._rds import pending
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory, RDSInstance
from coattail.review.model import Finding


@check(
    id="rds_deletion_protection",
    title="RDS DB instances have deletion protection",
    pillar="reliability",
    bp_id="REL09-BP01",
    severity="medium",
    service="rds",
    resource_type="AWS::RDS::DBInstance",
    rationale="Deletion protection stops a stray DeleteDBInstance (or terraform destroy) from removing "
    "the database, and with it the automated backups unless they are retained.",
    remediation="aws rds modify-db-instance --db-instance-identifier <id> --deletion-protection "
    "--apply-immediately",
    remediation_terraform="deletion_protection = true",
)
def rds_deletion_protection(inv: Inventory) -> Findings:
    def judge(db: RDSInstance) -> Finding:
        return pending(db, "deletion_protection", cluster_setting=True) or verdict(
            db,
            bool(db.deletion_protection),
            "deletion protection on",
            "deletion protection off",
            deletion_protection=db.deletion_protection,
        )

    yield from each(inv, RDSInstance, "RDS DB instances", judge)
