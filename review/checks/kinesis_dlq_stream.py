"""A dead-letter stream keeps malformed records long enough to inspect and replay them."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, matches, unknown_attributes, verdict
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import Inventory, KinesisStream
from coattail.review.model import Finding


@check(
    id="kinesis_dlq_stream",
    kind="claim",
    title="A Kinesis dead-letter stream exists with the documented retention and encryption",
    pillar="reliability",
    bp_id="REL05-BP04",
    severity="high",
    service="kinesis",
    resource_type="AWS::Kinesis::Stream",
    rationale="Malformed feed messages must never be silently dropped: a dead-letter stream holds them "
    "with their reason for inspection and replay.",
    remediation="Create the dead-letter stream with the documented retention and KMS encryption.",
    remediation_terraform='resource "aws_kinesis_stream" "dlq" {\n  retention_period = 48\n'
    '  encryption_type  = "KMS"\n  kms_key_id       = "alias/aws/kinesis"\n}',
    params={"streams": ["*-dlq"], "retention_hours": 48},
)
def kinesis_dlq_stream(inv: Inventory, p: Params) -> Findings:
    hours = p.int("retention_hours")

    def judge(s: KinesisStream) -> Finding:
        return unknown_attributes(s, "retention_hours", "kms_key_id") or verdict(
            s,
            s.retention_hours == hours and s.encrypted,
            f"dead-letter stream, retention {s.retention_hours} h, encryption {s.encryption_type}",
            f"dead-letter stream retention {s.retention_hours} h (expected {hours} h), "
            f"encryption {s.encryption_type or 'NONE'}",
            retention_hours=s.retention_hours,
            encryption_type=s.encryption_type,
        )

    yield from each(
        inv,
        KinesisStream,
        "Kinesis dead-letter streams",
        judge,
        select=lambda s: matches(s.name, p.strs("streams")),
        required=True,
    )
