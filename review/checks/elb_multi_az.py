"""Load balancers serve from at least two Availability Zones."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown, unknown_attributes, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory, LoadBalancer
from coattail.review.model import Finding


@check(
    id="elb_multi_az",
    title="Load balancers span at least two Availability Zones",
    pillar="reliability",
    bp_id="REL10-BP01",
    severity="high",
    service="elbv2",
    resource_type="AWS::ElasticLoadBalancingV2::LoadBalancer",
    rationale="A load balancer has nodes only in the zones of its subnets: in a single zone, that "
    "zone's outage takes the entry point down however many targets run elsewhere.",
    remediation="aws elbv2 set-subnets --load-balancer-arn <arn> --subnets <subnet-in-az-a> <subnet-in-az-b>",
    remediation_terraform="subnets = [aws_subnet.public_a.id, aws_subnet.public_b.id]",
)
def elb_multi_az(inv: Inventory) -> Findings:
    def judge(lb: LoadBalancer) -> Finding:
        waiting = unknown_attributes(lb, "availability_zones")
        if waiting is not None:
            return waiting
        if lb.availability_zones is None:
            # Terraform names subnets, not zones: the zones are evidenced only by the live account
            return unknown(lb, "Availability Zones not evidenced (a plan names subnets, not zones)")
        zones = sorted(set(lb.availability_zones))
        return verdict(
            lb,
            len(zones) >= 2,
            f"nodes in {len(zones)} Availability Zones: {', '.join(zones)}",
            f"nodes in {len(zones)} Availability Zone(s) only: {', '.join(zones) or 'none'}",
            availability_zones=zones,
        )

    yield from each(inv, LoadBalancer, "load balancers", judge)
