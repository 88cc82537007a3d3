"""Customer-managed keys rotate their key material every year."""

from __future__ import annotations

from coattail.review.checks._common import Findings, aws_managed_key, each, unknown_attributes, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory, KMSKey
from coattail.review.model import Finding


@check(
    id="kms_key_rotation",
    title="Customer-managed KMS keys have automatic rotation enabled",
    pillar="security",
    bp_id="SEC08-BP01",
    severity="medium",
    service="kms",
    resource_type="AWS::KMS::Key",
    rationale="Rotation limits how much data one key version protects and is free for symmetric keys.",
    remediation="Enable automatic key rotation.",
    remediation_terraform="enable_key_rotation = true",
)
def kms_key_rotation(inv: Inventory) -> Findings:
    def judge(k: KMSKey) -> Finding:
        return unknown_attributes(k, "rotation_enabled") or verdict(
            k,
            bool(k.rotation_enabled),
            "automatic rotation enabled",
            "automatic rotation disabled",
            rotation_enabled=k.rotation_enabled,
            aliases=list(k.aliases),
        )

    yield from each(
        inv,
        KMSKey,
        "customer-managed symmetric KMS keys",
        judge,
        select=lambda k: (
            not aws_managed_key(k)
            and k.key_spec in (None, "SYMMETRIC_DEFAULT")
            and k.key_state != "PendingDeletion"
        ),
    )
