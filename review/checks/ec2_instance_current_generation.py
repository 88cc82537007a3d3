"""EC2 instances run on a current-generation instance type."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown, unknown_attributes, verdict
from coattail.review.checks._ec2 import PREVIOUS_GENERATION, family
from coattail.review.checks._registry import check
from coattail.review.inventory import EC2Instance, Inventory
from coattail.review.model import Finding


@check(
    id="ec2_instance_current_generation",
    title="EC2 instances use current-generation instance types",
    pillar="performance_efficiency",
    bp_id="PERF02-BP01",
    severity="low",
    service="ec2",
    resource_type="AWS::EC2::Instance",
    rationale="Previous-generation types (m3, c4, t1, ...) give less performance per vCPU and per "
    "dollar than their successors, lack the Nitro system's networking and EBS bandwidth, and AWS "
    "retires them. EC2's own classification (DescribeInstanceTypes CurrentGeneration) decides; a "
    "Terraform plan is judged on AWS's published list of previous-generation families.",
    remediation="aws ec2 stop-instances --instance-ids <id>; aws ec2 modify-instance-attribute "
    '--instance-id <id> --instance-type \'{"Value": "m7g.large"}\'; '
    "aws ec2 start-instances --instance-ids <id>",
    remediation_terraform='instance_type = "m7g.large"  # a current generation (Graviton where possible)',
)
def ec2_instance_current_generation(inv: Inventory) -> Findings:
    def judge(i: EC2Instance) -> Finding:
        if i.instance_type is None:
            return unknown_attributes(i, "instance_type") or unknown(i, "instance type not read")
        current = i.current_generation
        if current is None:
            fam = family(i.instance_type)
            if fam is None:
                return unknown(i, f"instance type {i.instance_type}: generation not read")
            current = fam not in PREVIOUS_GENERATION
        return verdict(
            i,
            current,
            f"{i.instance_type} is a current generation",
            f"{i.instance_type} is a previous generation",
            instance_type=i.instance_type,
            current_generation=current,
        )

    yield from each(inv, EC2Instance, "EC2 instances", judge)
