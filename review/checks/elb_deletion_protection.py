"""The entry point cannot be deleted by one stray API call."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown, unknown_attributes, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory, LoadBalancer
from coattail.review.model import Finding


@check(
    id="elb_deletion_protection",
    title="Load balancers have deletion protection",
    pillar="reliability",
    bp_id="REL02-BP01",
    severity="medium",
    service="elbv2",
    resource_type="AWS::ElasticLoadBalancingV2::LoadBalancer",
    rationale="Deleting a load balancer takes the public endpoint, its DNS name and its listeners "
    "with it at once; deletion protection makes that a deliberate two-step change.",
    remediation="aws elbv2 modify-load-balancer-attributes --load-balancer-arn <arn> --attributes "
    "Key=deletion_protection.enabled,Value=true",
    remediation_terraform="enable_deletion_protection = true",
)
def elb_deletion_protection(inv: Inventory) -> Findings:
    def judge(lb: LoadBalancer) -> Finding:
        waiting = unknown_attributes(lb, "deletion_protection")
        if waiting is not None:
            return waiting
        if lb.deletion_protection is None:
            return unknown(lb, "deletion_protection not reported", unknown_attributes=["deletion_protection"])
        return verdict(
            lb,
            lb.deletion_protection,
            "deletion protection on",
            "deletion protection off: one delete-load-balancer call removes the endpoint",
            deletion_protection=lb.deletion_protection,
        )

    yield from each(inv, LoadBalancer, "load balancers", judge)
