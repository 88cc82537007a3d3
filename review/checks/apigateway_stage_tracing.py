"""API requests can be traced from the stage into the functions behind it."""

from __future__ import annotations

from coattail.review.checks._common import Findings, attribute_in
from coattail.review.checks._registry import check
from coattail.review.inventory import ApiGatewayStage, Inventory


@check(
    id="apigateway_stage_tracing",
    title="API Gateway REST API stages have X-Ray tracing enabled",
    pillar="operational_excellence",
    bp_id="OPS04-BP05",
    severity="low",
    service="apigateway",
    resource_type="AWS::ApiGateway::Stage",
    rationale="With X-Ray tracing on the stage, a trace starts at the API (latency, integration errors) and "
    "joins the Lambda and downstream segments; without it, traces begin at the function and the gateway's "
    "share is invisible. REST API stages only (HTTP APIs do not support X-Ray).",
    remediation="aws apigateway update-stage --rest-api-id <id> --stage-name <stage> "
    "--patch-operations op=replace,path=/tracingEnabled,value=true",
    remediation_terraform="xray_tracing_enabled = true",
)
@attribute_in(
    ApiGatewayStage, "tracing_enabled", [True], what="API Gateway REST stages", label="X-Ray tracing"
)
def apigateway_stage_tracing(inv: Inventory) -> Findings:
    """Declared above: X-Ray tracing must be on."""
    yield from ()  # replaced by attribute_in
