"""Notification topics encrypt messages at rest."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown_attributes, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory, SNSTopic
from coattail.review.model import Finding


@check(
    id="sns_topic_encrypted",
    title="SNS topics use server-side encryption",
    pillar="security",
    bp_id="SEC08-BP02",
    severity="medium",
    service="sns",
    resource_type="AWS::SNS::Topic",
    rationale="Alarm and failure notifications can carry resource names and error details; SSE keeps them "
    "encrypted while queued.",
    remediation="Set kms_master_key_id (alias/aws/sns or a CMK) on the topic.",
    remediation_terraform='kms_master_key_id = "alias/aws/sns"',
)
def sns_topic_encrypted(inv: Inventory) -> Findings:
    def judge(t: SNSTopic) -> Finding:
        return unknown_attributes(t, "kms_master_key_id") or verdict(
            t,
            bool(t.kms_master_key_id),
            f"encrypted with {t.kms_master_key_id}",
            "not encrypted (no KMS key)",
            kms_master_key_id=t.kms_master_key_id,
        )

    yield from each(inv, SNSTopic, "SNS topics", judge)
