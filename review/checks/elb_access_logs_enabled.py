"""Load balancers record every request they serve."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown, unknown_attributes, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory, LoadBalancer
from coattail.review.model import Finding


def _logs_requests(lb: LoadBalancer) -> bool:
    """ALBs log every request; NLBs only their TLS connections; gateway load balancers do not log."""
    if lb.lb_type == "application":
        return True
    return lb.lb_type == "network" and any(x.terminates_tls for x in lb.listeners)


@check(
    id="elb_access_logs_enabled",
    title="Load balancers write access logs",
    pillar="security",
    bp_id="SEC04-BP01",
    severity="medium",
    service="elbv2",
    resource_type="AWS::ElasticLoadBalancingV2::LoadBalancer",
    rationale="Access logs are the only record of who called what through the load balancer (client "
    "IP, request, TLS protocol, target, status): without them an investigation of the internet-facing "
    "entry point has nothing to read.",
    remediation="aws elbv2 modify-load-balancer-attributes --load-balancer-arn <arn> --attributes "
    "Key=access_logs.s3.enabled,Value=true Key=access_logs.s3.bucket,Value=<bucket>",
    remediation_terraform="access_logs {\n  bucket  = aws_s3_bucket.lb_logs.id\n  enabled = true\n}",
)
def elb_access_logs_enabled(inv: Inventory) -> Findings:
    def judge(lb: LoadBalancer) -> Finding:
        waiting = unknown_attributes(lb, "access_logs_enabled")
        if waiting is not None:
            return waiting
        if lb.access_logs_enabled is None:
            return unknown(lb, "access_logs_enabled not reported", unknown_attributes=["access_logs_enabled"])
        return verdict(
            lb,
            lb.access_logs_enabled,
            f"access logs written to s3://{lb.access_logs_bucket}",
            "access logs off",
            access_logs_enabled=lb.access_logs_enabled,
            access_logs_bucket=lb.access_logs_bucket,
        )

    yield from each(inv, LoadBalancer, "load balancers that log requests", judge, select=_logs_requests)
