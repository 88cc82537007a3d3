"""Kinesis streams encrypt records at rest with KMS."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown_attributes, verdict
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import Inventory, KinesisStream
from coattail.review.model import Finding


@check(
    id="kinesis_stream_encrypted",
    title="Kinesis streams use server-side encryption with KMS",
    pillar="security",
    bp_id="SEC08-BP02",
    severity="high",
    service="kinesis",
    resource_type="AWS::Kinesis::Stream",
    rationale="Records sit in shards for the retention period; KMS encryption protects them at rest.",
    remediation="Enable server-side encryption with KMS (the AWS-managed alias/aws/kinesis key or a CMK).",
    remediation_terraform='encryption_type = "KMS"\nkms_key_id      = "alias/aws/kinesis"',
    params={"kms_key": None},
)
def kinesis_stream_encrypted(inv: Inventory, p: Params) -> Findings:
    want = p.optional_str("kms_key")

    def judge(s: KinesisStream) -> Finding:
        key_ok = want is None or (s.kms_key_id or "").endswith(want)
        return unknown_attributes(s, "encryption_type") or verdict(
            s,
            s.encrypted and key_ok,
            f"encryption KMS with {s.kms_key_id}",
            f"encryption {s.encryption_type or 'NONE'} key {s.kms_key_id} (expected KMS {want or 'any key'})",
            encryption_type=s.encryption_type,
            kms_key_id=s.kms_key_id,
        )

    yield from each(inv, KinesisStream, "Kinesis streams", judge)
