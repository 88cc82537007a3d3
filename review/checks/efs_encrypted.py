"""EFS file systems are encrypted at rest."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown_attributes, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import EFSFileSystem, Inventory
from coattail.review.model import Finding


@check(
    id="efs_encrypted",
    title="EFS file systems are encrypted at rest",
    pillar="security",
    bp_id="SEC08-BP02",
    severity="high",
    service="efs",
    resource_type="AWS::EFS::FileSystem",
    rationale="Encryption at rest can only be chosen when a file system is created; an unencrypted one "
    "keeps its files, and every backup of them, in clear on the storage for its whole life.",
    remediation="aws efs create-file-system --encrypted --kms-key-id <key> ...; copy the data across "
    "(AWS DataSync); then aws efs delete-file-system --file-system-id <old id>",
    remediation_terraform="encrypted  = true\nkms_key_id = aws_kms_key.efs.arn",
)
def efs_encrypted(inv: Inventory) -> Findings:
    def judge(f: EFSFileSystem) -> Finding:
        return unknown_attributes(f, "encrypted") or verdict(
            f,
            bool(f.encrypted),
            f"encrypted at rest ({f.kms_key_id or 'AWS managed key'})",
            "not encrypted at rest",
            encrypted=f.encrypted,
            kms_key_id=f.kms_key_id,
        )

    yield from each(inv, EFSFileSystem, "EFS file systems", judge)
