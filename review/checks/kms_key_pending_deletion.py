"""Customer-managed KMS keys are not scheduled for deletion."""

from __future__ import annotations

from coattail.review.checks._common import Findings, aws_managed_key, each, passed, unknown, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory, KMSKey
from coattail.review.model import Finding, SourceKind


@check(
    id="kms_key_pending_deletion",
    title="Customer-managed KMS keys are not pending deletion",
    pillar="security",
    bp_id="SEC08-BP01",
    severity="high",
    service="kms",
    resource_type="AWS::KMS::Key",
    rationale="Once a KMS key is deleted, every ciphertext, snapshot, backup and secret encrypted under it "
    "is unrecoverable. A key scheduled for deletion is still usable for cancellation until its deletion "
    "date: the finding gives that date so the schedule can be cancelled if anything still needs the key.",
    remediation="aws kms cancel-key-deletion --key-id <id>; aws kms enable-key --key-id <id> "
    "(or, when nothing uses it any more, let the deletion proceed and record the decision)",
    remediation_terraform="# keep the aws_kms_key in the configuration (removing it schedules its deletion)",
)
def kms_key_pending_deletion(inv: Inventory) -> Findings:
    def judge(k: KMSKey) -> Finding:
        if k.source == SourceKind.TERRAFORM:
            return passed(k, "declared in Terraform: exists after apply, not scheduled for deletion")
        if k.key_state is None:
            return unknown(k, "key state not read")
        when = f" on {k.deletion_date:%Y-%m-%d}" if k.deletion_date else " (deletion date not read)"
        return verdict(
            k,
            k.key_state != "PendingDeletion",
            f"key state {k.key_state}",
            f"scheduled for deletion{when}: data encrypted under it becomes unrecoverable",
            key_state=k.key_state,
            deletion_date=k.deletion_date,
            aliases=list(k.aliases),
        )

    yield from each(inv, KMSKey, "customer-managed KMS keys", judge, select=lambda k: not aws_managed_key(k))
