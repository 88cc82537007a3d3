"""Requests can be traced through the functions."""

from __future__ import annotations

from coattail.review.checks._common import Findings, attribute_in
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory, LambdaFunction


@check(
    id="lambda_tracing_active",
    title="Lambda functions have X-Ray active tracing",
    pillar="operational_excellence",
    bp_id="OPS04-BP05",
    severity="low",
    service="lambda",
    resource_type="AWS::Lambda::Function",
    rationale=(
        "Traces show where a slow or failed API request spent its time (API Gateway, Lambda, DynamoDB)."
    ),
    remediation="Set tracing_config mode Active.",
    remediation_terraform='tracing_config { mode = "Active" }',
)
@attribute_in(
    LambdaFunction,
    "tracing_mode",
    ["Active"],
    what="Lambda functions",
    label="X-Ray tracing",
)
def lambda_tracing_active(inv: Inventory) -> Findings:
    """Declared above: X-Ray tracing must be one of the allowed values."""
    yield from ()  # replaced by attribute_in
