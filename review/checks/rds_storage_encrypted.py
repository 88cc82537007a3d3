"""Database storage is encrypted at rest."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, verdict
from coattail.review.checks._rds import pending
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory, RDSInstance
from coattail.review.model import Finding


@check(
    id="rds_storage_encrypted",
    title="RDS DB instances encrypt their storage",
    pillar="security",
    bp_id="SEC08-BP02",
    severity="high",
    service="rds",
    resource_type="AWS::RDS::DBInstance",
    rationale="Encryption at rest covers the instance's storage, its automated backups, snapshots and "
    "read replicas; it can only be chosen when the instance is created.",
    remediation="Snapshot the instance, copy the snapshot with --kms-key-id, restore a new instance "
    "from the encrypted copy and switch over (aws rds copy-db-snapshot --kms-key-id ...).",
    remediation_terraform="storage_encrypted = true\nkms_key_id        = aws_kms_key.db.arn",
)
def rds_storage_encrypted(inv: Inventory) -> Findings:
    def judge(db: RDSInstance) -> Finding:
        return pending(db, "storage_encrypted") or verdict(
            db,
            bool(db.storage_encrypted),
            f"storage encrypted (key {db.kms_key_id or 'default'})",
            "storage not encrypted",
            storage_encrypted=db.storage_encrypted,
            kms_key_id=db.kms_key_id,
        )

    yield from each(inv, RDSInstance, "RDS DB instances", judge)
