"""Every API request leaves an access log entry."""

from __future__ import annotations

from coattail.review.checks._common import Findings, none_found, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import ApiGatewayHttpStage, ApiGatewayStage, Inventory


@check(
    id="apigateway_access_logging",
    title="API Gateway stages write access logs",
    pillar="security",
    bp_id="SEC04-BP01",
    severity="medium",
    service="apigateway",
    resource_type="AWS::ApiGateway::Stage",
    rationale="Access logs (caller IP, request id, status, latency) are the record needed to investigate "
    "abuse and errors of a public API.",
    remediation="Configure access_log_settings with a CloudWatch log group destination and a JSON format.",
    remediation_terraform="access_log_settings {\n"
    "  destination_arn = aws_cloudwatch_log_group.api_access.arn\n"
    '  format = jsonencode({ requestId = "$context.requestId", status = "$context.status" })\n}',
)
def apigateway_access_logging(inv: Inventory) -> Findings:
    stages: list[ApiGatewayStage | ApiGatewayHttpStage] = [
        *inv.apigateway_stages,
        *inv.apigateway_http_stages,
    ]
    for s in stages:
        dest = s.access_log_destination
        yield verdict(
            s,
            bool(dest),
            f"access logs to {dest}",
            "no access log destination",
            access_log_destination=dest,
        )
    if not stages:
        yield none_found(inv, ApiGatewayStage, "API Gateway stages")
