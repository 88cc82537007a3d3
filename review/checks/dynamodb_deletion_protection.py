"""Tables cannot be deleted by one mistaken call."""

from __future__ import annotations

from coattail.review.checks._common import Findings, attribute_in
from coattail.review.checks._registry import check
from coattail.review.inventory import DynamoDBTable, Inventory


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
@attribute_in(
    DynamoDBTable, "deletion_protection", [True], what="DynamoDB tables", label="deletion protection"
)
def dynamodb_deletion_protection(inv: Inventory) -> Findings:
    """Declared above: deletion protection must be one of the allowed values."""
    yield from ()  # replaced by attribute_in
