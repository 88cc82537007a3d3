"""No NAT gateway bills in the account or in the Terraform (the seed's "No NAT Gateway" decision)."""

from __future__ import annotations

from coattail.review.checks._common import Findings, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory, NatGateway
from coattail.review.model import Finding, SourceKind, Status


def _none_listed(source: SourceKind, where: str) -> Finding:
    return Finding(
        resource_id=f"ec2:nat-gateways ({where})",
        resource_type=NatGateway.resource_type,
        source=source,
        status=Status.PASS,
        message=f"{where} lists no NAT gateway",
        observed={"nat_gateways": 0},
    )


@check(
    id="no_nat_gateway",
    title="No NAT gateway is deployed",
    pillar="cost_optimization",
    bp_id="COST08-BP02",
    severity="medium",
    service="ec2",
    resource_type="AWS::EC2::NatGateway",
    rationale="A NAT gateway bills about 0.045 USD per hour (about 32 USD a month) plus 0.045 USD per GB "
    "processed, whether or not the platform runs; serverless compute outside a VPC needs none.",
    remediation="Delete the NAT gateway; keep compute outside a VPC or reach AWS APIs through VPC endpoints.",
    remediation_terraform="# remove the aws_nat_gateway resource (and its aws_eip)",
)
def no_nat_gateway(inv: Inventory) -> Findings:
    """Judged per gateway; when none exists, the observed empty listing is the evidence.

    The live listing counts only when the collector enumerated NAT gateways (EC2 assessed); the
    Terraform's only when a Terraform source was read.
    """
    gateways = [g for g in inv.nat_gateways if g.source != SourceKind.LIVE or g.billing]
    for g in gateways:
        yield verdict(
            g,
            False,
            "",
            f"NAT gateway ({g.connectivity_type}, {g.state or 'declared'}) in subnet {g.subnet_id}: "
            "bills by the hour",
            state=g.state,
            connectivity_type=g.connectivity_type,
        )
    listed = NatGateway.resource_type in inv.live_resource_types and inv.assessed("ec2", SourceKind.LIVE)
    if listed and not any(g.source == SourceKind.LIVE for g in gateways):
        regions = sorted({s.target for s in inv.sources if s.kind == SourceKind.LIVE})
        yield _none_listed(SourceKind.LIVE, f"DescribeNatGateways in {', '.join(regions)}")
    if SourceKind.TERRAFORM in inv.source_kinds and not any(
        g.source == SourceKind.TERRAFORM for g in gateways
    ):
        yield _none_listed(SourceKind.TERRAFORM, "the Terraform")
