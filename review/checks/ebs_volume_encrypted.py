"""EBS volumes are encrypted at rest."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown, unknown_attributes, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import EBSVolume, Inventory
from coattail.review.model import Finding


@check(
    id="ebs_volume_encrypted",
    title="EBS volumes are encrypted",
    pillar="security",
    bp_id="SEC08-BP02",
    severity="medium",
    service="ec2",
    resource_type="AWS::EC2::Volume",
    rationale="An unencrypted volume (and every snapshot of it) holds its data in clear; encryption "
    "cannot be switched on in place, so it must be right when the volume is created.",
    remediation="Snapshot the volume, copy the snapshot with --encrypted (and a KMS key), create a volume "
    "from the copy and swap it in; turn on ebs encryption by default so new volumes are encrypted.",
    remediation_terraform="encrypted  = true\nkms_key_id = aws_kms_key.ebs.arn",
)
def ebs_volume_encrypted(inv: Inventory) -> Findings:
    def judge(v: EBSVolume) -> Finding:
        if v.encrypted is None:
            return unknown_attributes(v, "encrypted") or unknown(v, "encryption not read")
        how = v.kms_key_id or "EBS default key"
        return verdict(v, v.encrypted, f"encrypted ({how})", "not encrypted", encrypted=v.encrypted)

    yield from each(inv, EBSVolume, "EBS volumes", judge)
