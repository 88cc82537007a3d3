"""Databases keep a standby in a second Availability Zone."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, verdict
from coattail.review.checks._rds import pending
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory, RDSInstance
from coattail.review.model import Finding


@check(
    id="rds_multi_az",
    title="RDS DB instances are Multi-AZ deployments",
    pillar="reliability",
    bp_id="REL10-BP01",
    severity="high",
    service="rds",
    resource_type="AWS::RDS::DBInstance",
    rationale="A Single-AZ instance is down for as long as its Availability Zone or host is; Multi-AZ "
    "keeps a synchronous standby in another AZ and fails over to it automatically.",
    remediation="aws rds modify-db-instance --db-instance-identifier <id> --multi-az --apply-immediately",
    remediation_terraform="multi_az = true",
)
def rds_multi_az(inv: Inventory) -> Findings:
    def judge(db: RDSInstance) -> Finding:
        return pending(db, "multi_az", cluster_setting=True) or verdict(
            db,
            bool(db.multi_az),
            "Multi-AZ (standby in a second Availability Zone)",
            "Single-AZ: no standby in another Availability Zone",
            multi_az=db.multi_az,
        )

    yield from each(inv, RDSInstance, "RDS DB instances", judge)
