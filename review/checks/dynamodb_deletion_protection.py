"""Tables cannot be deleted by one mistaken call."""

from __future__ import annotations

from review.checks._common import Findings, each, unknown_attributes, verdict
from review.checks._registry import check
from review.inventory import DynamoDBTable, Inventory
from review.model import Finding


@check(
    id="dynamodb_deletion_protection",
    title="DynamoDB tables have deletion protection",
    pillar="reliability",
    bp_id="REL09-BP01",
    severity="low",
    service="dynamodb",
    resource_type="AWS::DynamoDB::Table",
    rationale="Deletion protection stops a stray DeleteTable (or terraform destroy) from losing the data.",
    remediation="Enable deletion protection on tables whose data cannot be reproduced.",
    remediation_terraform="deletion_protection_enabled = true",
)
def dynamodb_deletion_protection(inv: Inventory) -> Findings:
    def judge(t: DynamoDBTable) -> Finding:
        return unknown_attributes(t, "deletion_protection") or verdict(
            t,
            bool(t.deletion_protection),
            "deletion protection enabled",
            "deletion protection disabled",
            deletion_protection=t.deletion_protection,
        )

    yield from each(inv, DynamoDBTable, "DynamoDB tables", judge)
