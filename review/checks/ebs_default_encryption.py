"""New EBS volumes are encrypted by default in every region reviewed."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown, unknown_attributes, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import EBSEncryptionByDefault, Inventory
from coattail.review.model import Finding


@check(
    id="ebs_default_encryption",
    title="EBS encryption by default is on",
    pillar="security",
    bp_id="SEC08-BP02",
    severity="medium",
    service="ec2",
    resource_type="AWS::EC2::EBSEncryptionByDefault",
    rationale="With the region setting on, every new volume and snapshot copy is encrypted whatever "
    "the launch template or the person creating it asks for; encryption at rest is enforced, not hoped for.",
    remediation="aws ec2 enable-ebs-encryption-by-default --region <region>",
    remediation_terraform='resource "aws_ebs_encryption_by_default" "this" {\n  enabled = true\n}',
)
def ebs_default_encryption(inv: Inventory) -> Findings:
    def judge(s: EBSEncryptionByDefault) -> Finding:
        if s.enabled is None:
            return unknown_attributes(s, "enabled") or unknown(s, "setting not read")
        return verdict(s, s.enabled, "on", "off: new volumes are unencrypted unless asked", enabled=s.enabled)

    yield from each(inv, EBSEncryptionByDefault, "EBS encryption-by-default settings", judge)
