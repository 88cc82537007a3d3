"""DynamoDB tables can be restored to any second of the last 35 days."""

from __future__ import annotations

from coattail.review.checks._common import Findings, attribute_in
from coattail.review.checks._registry import check
from coattail.review.inventory import DynamoDBTable, Inventory


@check(
    id="dynamodb_pitr_enabled",
    title="DynamoDB point-in-time recovery is enabled",
    pillar="reliability",
    bp_id="REL09-BP03",
    severity="medium",
    service="dynamodb",
    resource_type="AWS::DynamoDB::Table",
    rationale="Point-in-time recovery backs a table up continuously, so an accidental write or delete "
    "can be undone.",
    remediation="Enable point-in-time recovery (or record an accepted-risk waiver when the data is "
    "reproducible and the cost matters).",
    remediation_terraform="point_in_time_recovery { enabled = true }",
)
@attribute_in(
    DynamoDBTable,
    "pitr_enabled",
    [True],
    what="DynamoDB tables",
    label="point-in-time recovery",
)
def dynamodb_pitr_enabled(inv: Inventory) -> Findings:
    """Declared above: point-in-time recovery must be one of the allowed values."""
    yield from ()  # replaced by attribute_in
