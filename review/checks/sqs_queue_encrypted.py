"""Queues encrypt messages at rest."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown_attributes, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory, SQSQueue
from coattail.review.model import Finding


@check(
    id="sqs_queue_encrypted",
    title="SQS queues use server-side encryption",
    pillar="security",
    bp_id="SEC08-BP02",
    severity="medium",
    service="sqs",
    resource_type="AWS::SQS::Queue",
    rationale="Dead-letter queues hold failed payloads for days; SSE keeps them encrypted at rest.",
    remediation="Enable SQS-managed SSE or set a KMS key on the queue.",
    remediation_terraform="sqs_managed_sse_enabled = true",
)
def sqs_queue_encrypted(inv: Inventory) -> Findings:
    def judge(q: SQSQueue) -> Finding:
        how = q.kms_master_key_id or ("SQS-managed SSE" if q.sqs_managed_sse else None)
        # one known setting suffices; without one, a setting a plan leaves to apply keeps it open
        pending = None if q.encrypted else unknown_attributes(q, "kms_master_key_id", "sqs_managed_sse")
        return pending or verdict(q, q.encrypted, f"encrypted ({how})", "not encrypted", encryption=how)

    yield from each(inv, SQSQueue, "SQS queues", judge)
