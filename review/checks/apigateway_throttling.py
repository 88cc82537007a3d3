"""The API sheds excess load instead of passing it to the backend."""

from __future__ import annotations

from coattail.review.checks._common import Findings, none_found, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import ApiGatewayStage, Inventory


@check(
    id="apigateway_throttling",
    title="API Gateway stages set throttling limits",
    pillar="reliability",
    bp_id="REL05-BP02",
    severity="medium",
    service="apigateway",
    resource_type="AWS::ApiGateway::Stage",
    rationale="Stage throttling (rate and burst) protects the functions and the table from floods and "
    "keeps cost bounded.",
    remediation="Set throttling_rate_limit and throttling_burst_limit in the stage's method settings.",
    remediation_terraform=(
        'settings { throttling_rate_limit = 50  throttling_burst_limit = 100 }  # method_path "*/*"'
    ),
)
def apigateway_throttling(inv: Inventory) -> Findings:
    for s in inv.apigateway_stages:
        m = s.setting()
        yield verdict(
            s,
            s.throttled,
            f"throttled at {m.throttling_rate_limit if m else '?'} req/s, burst "
            f"{m.throttling_burst_limit if m else '?'}",
            "no stage throttling (account default only)",
            rate=m.throttling_rate_limit if m else None,
            burst=m.throttling_burst_limit if m else None,
        )
    for h in inv.apigateway_http_stages:
        yield verdict(
            h,
            h.throttling_rate_limit is not None,
            f"throttled at {h.throttling_rate_limit} req/s, burst {h.throttling_burst_limit}",
            "no default route throttling",
            rate=h.throttling_rate_limit,
            burst=h.throttling_burst_limit,
        )
    if not inv.apigateway_stages and not inv.apigateway_http_stages:
        yield none_found(inv, ApiGatewayStage, "API Gateway stages")
