"""DynamoDB tables are encrypted at rest with a key the account can audit."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown_attributes, verdict
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import DynamoDBTable, Inventory
from coattail.review.model import Finding


@check(
    id="dynamodb_sse_enabled",
    title="DynamoDB tables have server-side encryption enabled",
    pillar="security",
    bp_id="SEC08-BP02",
    severity="medium",
    service="dynamodb",
    resource_type="AWS::DynamoDB::Table",
    rationale="Explicit SSE (AWS-managed or customer KMS key) makes key use visible in CloudTrail; "
    "the default owned key is invisible to the account.",
    remediation="Enable server-side encryption with KMS on the table.",
    remediation_terraform="server_side_encryption { enabled = true }",
    params={"require_kms": True},
)
def dynamodb_sse_enabled(inv: Inventory, p: Params) -> Findings:
    def judge(t: DynamoDBTable) -> Finding:
        ok = bool(t.sse_enabled) and (not p.bool("require_kms") or t.sse_type == "KMS")
        return unknown_attributes(t, "sse_enabled") or verdict(
            t,
            ok,
            f"SSE enabled ({t.sse_type})",
            f"SSE {'enabled with ' + str(t.sse_type) if t.sse_enabled else 'not enabled (owned key only)'}",
            sse_enabled=t.sse_enabled,
            sse_type=t.sse_type,
        )

    yield from each(inv, DynamoDBTable, "DynamoDB tables", judge)
