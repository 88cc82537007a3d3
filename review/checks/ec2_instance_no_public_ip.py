"""EC2 instances have no public IPv4 address."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown_attributes, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import EC2Instance, Inventory
from coattail.review.model import Finding


@check(
    id="ec2_instance_no_public_ip",
    title="EC2 instances have no public IP address",
    pillar="security",
    bp_id="SEC05-BP01",
    severity="high",
    service="ec2",
    resource_type="AWS::EC2::Instance",
    rationale="An instance with a public address (auto-assigned or an Elastic IP) sits on the "
    "internet's edge, one security-group rule away from exposure. Keep instances in private subnets "
    "and reach them through a load balancer, and operate them with Session Manager instead of SSH.",
    remediation="aws ec2 modify-subnet-attribute --subnet-id <subnet> --no-map-public-ip-on-launch; "
    "release or disassociate the instance's Elastic IP; relaunch it in a private subnet",
    remediation_terraform="associate_public_ip_address = false\n"
    "subnet_id                   = aws_subnet.private.id",
)
def ec2_instance_no_public_ip(inv: Inventory) -> Findings:
    def judge(i: EC2Instance) -> Finding:
        return unknown_attributes(i, "public_ip") or verdict(
            i,
            i.public_ip is None,
            "no public IP address",
            f"public IP address {i.public_ip}",
            public_ip=i.public_ip,
            subnet_id=i.subnet_id,
        )

    yield from each(inv, EC2Instance, "EC2 instances", judge, select=lambda i: i.state != "terminated")
