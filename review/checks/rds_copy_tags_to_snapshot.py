"""Database snapshots carry the instance's cost-allocation tags."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, verdict
from coattail.review.checks._rds import pending
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory, RDSInstance
from coattail.review.model import Finding


@check(
    id="rds_copy_tags_to_snapshot",
    title="RDS DB instances copy their tags to snapshots",
    pillar="cost_optimization",
    bp_id="COST03-BP02",
    severity="low",
    service="rds",
    resource_type="AWS::RDS::DBInstance",
    rationale="Snapshots are billed storage that outlives the instance; without the instance's tags "
    "their cost is allocated to nobody and nobody knows which can be deleted.",
    remediation="aws rds modify-db-instance --db-instance-identifier <id> --copy-tags-to-snapshot "
    "--apply-immediately",
    remediation_terraform="copy_tags_to_snapshot = true",
)
def rds_copy_tags_to_snapshot(inv: Inventory) -> Findings:
    def judge(db: RDSInstance) -> Finding:
        return pending(db, "copy_tags_to_snapshot", cluster_setting=True) or verdict(
            db,
            bool(db.copy_tags_to_snapshot),
            "tags copied to snapshots",
            "snapshots taken without the instance's tags (copy tags to snapshot off)",
            copy_tags_to_snapshot=db.copy_tags_to_snapshot,
        )

    yield from each(inv, RDSInstance, "RDS DB instances", judge)
