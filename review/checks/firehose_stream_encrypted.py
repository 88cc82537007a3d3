"""Direct PUT Firehose delivery streams encrypt buffered records at rest."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown, unknown_attributes, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import FirehoseDeliveryStream, Inventory
from coattail.review.model import Finding


@check(
    id="firehose_stream_encrypted",
    title="Direct PUT Firehose delivery streams have server-side encryption enabled",
    pillar="security",
    bp_id="SEC08-BP02",
    severity="medium",
    service="firehose",
    resource_type="AWS::KinesisFirehose::DeliveryStream",
    rationale="A Direct PUT delivery stream stores the records it buffers before delivery; without "
    "server-side encryption they rest in clear. (A stream reading a Kinesis data stream stores nothing "
    "itself: the source stream's encryption applies, judged by kinesis_stream_encrypted.)",
    remediation="aws firehose start-delivery-stream-encryption --delivery-stream-name <name> "
    "--delivery-stream-encryption-configuration-input KeyType=CUSTOMER_MANAGED_CMK,KeyARN=<key arn>",
    remediation_terraform='server_side_encryption {\n  enabled  = true\n  key_type = "CUSTOMER_MANAGED_CMK"\n'
    "  key_arn  = aws_kms_key.firehose.arn\n}",
)
def firehose_stream_encrypted(inv: Inventory) -> Findings:
    def judge(s: FirehoseDeliveryStream) -> Finding:
        pending = unknown_attributes(s, "encryption_status")
        if pending:
            return pending
        if s.encryption_status is None:
            return unknown(s, "encryption configuration not read")
        key = f" ({s.key_type}{' ' + s.kms_key_arn if s.kms_key_arn else ''})" if s.key_type else ""
        return verdict(
            s,
            s.encryption_status in ("ENABLED", "ENABLING"),
            f"server-side encryption {s.encryption_status}{key}",
            f"server-side encryption {s.encryption_status}: buffered records rest in clear",
            encryption_status=s.encryption_status,
            key_type=s.key_type,
        )

    yield from each(
        inv,
        FirehoseDeliveryStream,
        "Direct PUT Firehose delivery streams",
        judge,
        select=lambda s: s.stream_type in (None, "DirectPut"),
    )
