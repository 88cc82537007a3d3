"""EFS file systems are backed up automatically."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown, unknown_attributes, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import EFSFileSystem, Inventory
from coattail.review.model import Finding


@check(
    id="efs_backup_enabled",
    title="EFS file systems have automatic backups enabled",
    pillar="reliability",
    bp_id="REL09-BP03",
    severity="medium",
    service="efs",
    resource_type="AWS::EFS::FileSystem",
    rationale="EFS replicates within a region but keeps no history: a deleted or overwritten file is gone. "
    "The automatic backup policy puts the file system in AWS Backup's daily plan (35-day retention).",
    remediation="aws efs put-backup-policy --file-system-id <id> --backup-policy Status=ENABLED",
    remediation_terraform='resource "aws_efs_backup_policy" "this" {\n'
    "  file_system_id = aws_efs_file_system.this.id\n"
    '  backup_policy {\n    status = "ENABLED"\n  }\n}',
)
def efs_backup_enabled(inv: Inventory) -> Findings:
    def judge(f: EFSFileSystem) -> Finding:
        pending = unknown_attributes(f, "backup_status")
        if pending:
            return pending
        if f.backup_status is None:
            return unknown(f, "backup policy not read")
        return verdict(
            f,
            f.backup_status in ("ENABLED", "ENABLING"),
            f"automatic backups {f.backup_status}",
            f"automatic backups {f.backup_status}",
            backup_status=f.backup_status,
        )

    yield from each(inv, EFSFileSystem, "EFS file systems", judge)
