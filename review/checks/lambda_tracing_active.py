"""Requests can be traced through the functions."""

from __future__ import annotations

from review.checks._common import Findings, each, verdict
from review.checks._registry import check
from review.inventory import Inventory, LambdaFunction
from review.model import Finding


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
def lambda_tracing_active(inv: Inventory) -> Findings:
    def judge(f: LambdaFunction) -> Finding:
        return verdict(
            f,
            f.tracing_mode == "Active",
            "X-Ray tracing Active",
            f"tracing {f.tracing_mode or 'PassThrough'}",
            tracing_mode=f.tracing_mode,
        )

    yield from each(inv, LambdaFunction, "Lambda functions", judge)
