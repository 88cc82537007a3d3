"""Trail log files are encrypted with a KMS key the account controls."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown_attributes, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import CloudTrailTrail, Inventory
from coattail.review.model import Finding


@check(
    id="cloudtrail_kms_encrypted",
    title="CloudTrail trails encrypt their log files with a KMS key (SSE-KMS)",
    pillar="security",
    bp_id="SEC08-BP02",
    severity="medium",
    service="cloudtrail",
    resource_type="AWS::CloudTrail::Trail",
    rationale="With SSE-KMS, reading the audit log needs kms:Decrypt on the trail's key as well as "
    "s3:GetObject on its bucket: a principal that can read the bucket cannot read the log, and every "
    "decryption is itself logged. The default SSE-S3 gives no such separation.",
    remediation="aws cloudtrail update-trail --name <trail> --kms-key-id <key-arn> "
    "(the key policy must allow cloudtrail.amazonaws.com to GenerateDataKey* for this trail)",
    remediation_terraform="kms_key_id = aws_kms_key.cloudtrail.arn",
)
def cloudtrail_kms_encrypted(inv: Inventory) -> Findings:
    def judge(t: CloudTrailTrail) -> Finding:
        return unknown_attributes(t, "kms_key_id") or verdict(
            t,
            bool(t.kms_key_id),
            f"log files encrypted with {t.kms_key_id}",
            "SSE-S3 only: no KMS key separates reading the bucket from reading the log",
            kms_key_id=t.kms_key_id,
        )

    yield from each(inv, CloudTrailTrail, "CloudTrail trails", judge)
