"""EBS snapshots are encrypted."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import EBSSnapshot, Inventory
from coattail.review.model import Finding


@check(
    id="ebs_snapshot_encrypted",
    title="EBS snapshots are encrypted",
    pillar="security",
    bp_id="SEC08-BP02",
    severity="medium",
    service="ec2",
    resource_type="AWS::EC2::Snapshot",
    rationale="A snapshot of an unencrypted volume holds the disk in clear, outlives the volume and "
    "can be shared or copied to other regions; every volume restored from it is unencrypted too.",
    remediation="aws ec2 copy-snapshot --source-snapshot-id <id> --source-region <region> --encrypted "
    "--kms-key-id <key>; then aws ec2 delete-snapshot --snapshot-id <id>",
    remediation_terraform='resource "aws_ebs_snapshot_copy" "encrypted" {\n'
    '  source_snapshot_id = "<id>"\n'
    '  source_region      = "<region>"\n  encrypted          = true\n'
    "  kms_key_id         = aws_kms_key.ebs.arn\n}",
)
def ebs_snapshot_encrypted(inv: Inventory) -> Findings:
    def judge(s: EBSSnapshot) -> Finding:
        if s.encrypted is None:
            return unknown(s, "encryption not read")
        return verdict(
            s,
            s.encrypted,
            f"encrypted ({s.kms_key_id or 'EBS default key'})",
            f"not encrypted (snapshot of {s.volume_id or 'a volume'})",
            encrypted=s.encrypted,
        )

    yield from each(inv, EBSSnapshot, "EBS snapshots owned by the account", judge)
