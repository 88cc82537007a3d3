"""Application load balancers drop malformed HTTP headers before they reach the targets."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown, unknown_attributes, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory, LoadBalancer
from coattail.review.model import Finding


@check(
    id="elb_drop_invalid_headers",
    title="Application load balancers drop invalid HTTP header fields",
    pillar="security",
    bp_id="SEC05-BP03",
    severity="medium",
    service="elbv2",
    resource_type="AWS::ElasticLoadBalancingV2::LoadBalancer",
    rationale="Header names that are not valid HTTP (RFC 7230 tokens) are a vehicle for request "
    "smuggling and header injection against the targets; the ALB removes them only when told to.",
    remediation="aws elbv2 modify-load-balancer-attributes --load-balancer-arn <arn> --attributes "
    "Key=routing.http.drop_invalid_header_fields.enabled,Value=true",
    remediation_terraform="drop_invalid_header_fields = true",
)
def elb_drop_invalid_headers(inv: Inventory) -> Findings:
    def judge(lb: LoadBalancer) -> Finding:
        field = "drop_invalid_header_fields"
        waiting = unknown_attributes(lb, field)
        if waiting is not None:
            return waiting
        if lb.drop_invalid_header_fields is None:
            return unknown(lb, f"{field} not reported", unknown_attributes=[field])
        return verdict(
            lb,
            lb.drop_invalid_header_fields,
            "invalid header fields dropped",
            "invalid header fields forwarded to the targets",
            drop_invalid_header_fields=lb.drop_invalid_header_fields,
        )

    yield from each(
        inv, LoadBalancer, "application load balancers", judge, select=lambda lb: lb.lb_type == "application"
    )
