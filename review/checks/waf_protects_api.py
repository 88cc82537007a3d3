"""The public API sits behind a web application firewall with rate limiting."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown_attributes, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import ApiGatewayStage, Inventory, WafWebAcl
from coattail.review.model import Finding


def _acl_for(inv: Inventory, stage: ApiGatewayStage) -> WafWebAcl | None:
    for acl in inv.waf_web_acls:
        if stage.web_acl_arn and stage.web_acl_arn in (acl.id, acl.arn):
            return acl
        if any(
            stage.id == arn or arn.endswith(f"/stages/{stage.stage_name}")
            for arn in acl.associated_resource_arns
        ):
            return acl
    return None


@check(
    id="waf_protects_api",
    title="API Gateway stages are associated with a WAF web ACL that rate-limits",
    pillar="security",
    bp_id="SEC05-BP03",
    severity="medium",
    service="wafv2",
    resource_type="AWS::ApiGateway::Stage",
    rationale="A web ACL inspects requests before they reach the functions and blocks floods per client IP.",
    remediation="Associate a regional WAFv2 web ACL with a rate-based rule to the stage.",
    remediation_terraform='resource "aws_wafv2_web_acl_association" "api" {\n'
    "  resource_arn = aws_api_gateway_stage.api.arn\n  web_acl_arn  = aws_wafv2_web_acl.api.arn\n}",
)
def waf_protects_api(inv: Inventory) -> Findings:
    def judge(stage: ApiGatewayStage) -> Finding:
        acl = _acl_for(inv, stage)
        # a plan knows the stage's web_acl_arn only after apply: with web ACLs in the inventory
        # one of them may be associated; with none, nothing can be (the FAIL stands)
        pending = unknown_attributes(stage, "web_acl_arn") if acl is None and inv.waf_web_acls else None
        return pending or verdict(
            stage,
            acl is not None and acl.rate_limited,
            f"web ACL {acl.name if acl else ''} with a rate-based rule",
            f"web ACL {acl.name} has no rate-based rule" if acl else "no WAF web ACL associated",
            web_acl=acl.name if acl else None,
            rules=[r.name for r in acl.rules] if acl else [],
        )

    yield from each(inv, ApiGatewayStage, "API Gateway REST stages", judge)
