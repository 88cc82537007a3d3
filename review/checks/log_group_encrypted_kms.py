"""Log groups are encrypted with a KMS key."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown_attributes, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory, LogGroup
from coattail.review.model import Finding


@check(
    id="log_group_encrypted_kms",
    title="CloudWatch log groups are encrypted with a KMS key",
    pillar="security",
    bp_id="SEC08-BP02",
    severity="low",
    service="logs",
    resource_type="AWS::Logs::LogGroup",
    rationale="Logs carry identifiers, payload excerpts and errors; a customer-managed KMS key puts reading "
    "them under a key policy you control and audit, beyond CloudWatch Logs' default service encryption.",
    remediation="aws logs associate-kms-key --log-group-name <name> --kms-key-id <key-arn> "
    "(the key policy must allow logs.<region>.amazonaws.com)",
    remediation_terraform="kms_key_id = aws_kms_key.logs.arn",
)
def log_group_encrypted_kms(inv: Inventory) -> Findings:
    def judge(g: LogGroup) -> Finding:
        return unknown_attributes(g, "kms_key_id") or verdict(
            g,
            g.kms_key_id is not None,
            f"encrypted with {g.kms_key_id}",
            "no KMS key (default service-managed encryption only)",
            kms_key_id=g.kms_key_id,
        )

    yield from each(inv, LogGroup, "log groups", judge)
