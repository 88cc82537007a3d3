"""Workloads run in VPCs designed for them, not in the default VPC."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown, unknown_attributes, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import VPC, Inventory
from coattail.review.model import Finding


@check(
    id="ec2_default_vpc_unused",
    title="Nothing runs in the default VPC",
    pillar="security",
    bp_id="SEC05-BP01",
    severity="low",
    service="ec2",
    resource_type="AWS::EC2::VPC",
    rationale="The default VPC has only public subnets that give every instance a public IP address: "
    "no private layer, no design. A network interface there (an instance, a Lambda function, a "
    "database, an endpoint) means a workload skipped network layering. An unused default VPC holds "
    "nothing and passes; deleting it is tidier still.",
    remediation="Move the resources into a VPC with private subnets, then delete the default VPC: "
    "aws ec2 describe-network-interfaces --filters Name=vpc-id,Values=<default vpc>; "
    "aws ec2 delete-vpc --vpc-id <default vpc> (after its subnets and internet gateway)",
    remediation_terraform="# place resources in your own aws_vpc / aws_subnet (private), not the default VPC",
)
def ec2_default_vpc_unused(inv: Inventory) -> Findings:
    def judge(v: VPC) -> Finding:
        count = v.network_interfaces
        if count is None:
            return unknown_attributes(v, "network_interfaces") or unknown(
                v, "network interfaces not read: use of the default VPC not evidenced"
            )
        return verdict(
            v,
            count == 0,
            "default VPC holds no network interface",
            f"default VPC in use: {count} network interface(s)",
            network_interfaces=count,
        )

    yield from each(inv, VPC, "default VPCs", judge, select=lambda v: v.is_default)
