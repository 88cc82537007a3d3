"""AWS Backup vaults have a vault lock (recovery points cannot be deleted early)."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import BackupVault, Inventory
from coattail.review.model import Finding


@check(
    id="backup_vault_locked",
    title="AWS Backup vaults are locked",
    pillar="reliability",
    bp_id="REL09-BP02",
    severity="medium",
    service="backup",
    resource_type="AWS::Backup::BackupVault",
    rationale="Without a vault lock anyone with backup:DeleteRecoveryPoint (or an attacker holding "
    "such credentials, ransomware included) can delete the backups together with the data; a lock "
    "enforces a minimum retention on every recovery point (WORM), which compliance mode makes "
    "irrevocable.",
    remediation="aws backup put-backup-vault-lock-configuration --backup-vault-name <vault> "
    "--min-retention-days 7 --max-retention-days 365 [--changeable-for-days 3 for compliance mode]",
    remediation_terraform='resource "aws_backup_vault_lock_configuration" "this" {\n'
    "  backup_vault_name  = aws_backup_vault.this.name\n  min_retention_days = 7\n"
    "  max_retention_days = 365\n}",
)
def backup_vault_locked(inv: Inventory) -> Findings:
    def judge(v: BackupVault) -> Finding:
        if v.locked is None:
            return unknown(v, "vault lock not read")
        return verdict(
            v,
            v.locked,
            f"locked (minimum retention {v.min_retention_days} d)",
            "not locked: recovery points can be deleted before their retention ends",
            locked=v.locked,
            min_retention_days=v.min_retention_days,
        )

    yield from each(inv, BackupVault, "AWS Backup vaults", judge)
