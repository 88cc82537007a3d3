"""EC2 instances run on AWS Graviton (arm64) instance families."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown, unknown_attributes, verdict
from coattail.review.checks._ec2 import graviton
from coattail.review.checks._registry import check
from coattail.review.inventory import EC2Instance, Inventory
from coattail.review.model import Finding


@check(
    id="ec2_graviton_instance",
    title="EC2 instances use Graviton instance families",
    pillar="sustainability",
    bp_id="SUS05-BP02",
    severity="low",
    service="ec2",
    resource_type="AWS::EC2::Instance",
    rationale="Graviton (arm64) instances use up to 60 % less energy than comparable x86 instances "
    "for the same performance, and cost less. Most Linux workloads (interpreted languages, "
    "containers with multi-arch images) move with an instance type change.",
    remediation="Rebuild the AMI for arm64, then change the type: aws ec2 modify-instance-attribute "
    '--instance-id <id> --instance-type \'{"Value": "m7g.large"}\' (instance stopped)',
    remediation_terraform='instance_type = "m7g.large"\nami           = data.aws_ami.arm64.id',
)
def ec2_graviton_instance(inv: Inventory) -> Findings:
    def judge(i: EC2Instance) -> Finding:
        if i.instance_type is None:
            return unknown_attributes(i, "instance_type") or unknown(i, "instance type not read")
        arm = graviton(i.instance_type)
        return verdict(
            i,
            arm,
            f"{i.instance_type} is a Graviton family",
            f"{i.instance_type} is not a Graviton family",
            instance_type=i.instance_type,
            graviton=arm,
        )

    yield from each(inv, EC2Instance, "EC2 instances", judge)
