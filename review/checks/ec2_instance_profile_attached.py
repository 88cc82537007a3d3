"""EC2 instances get AWS credentials from an instance profile (a role), not from stored keys."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown_attributes, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import EC2Instance, Inventory
from coattail.review.model import Finding


@check(
    id="ec2_instance_profile_attached",
    title="EC2 instances have an instance profile (IAM role)",
    pillar="security",
    bp_id="SEC02-BP02",
    severity="medium",
    service="ec2",
    resource_type="AWS::EC2::Instance",
    rationale="An instance with a role receives short-lived credentials that rotate by themselves; "
    "one without a profile either cannot call AWS (then a profile scoped to nothing costs nothing) or "
    "does so with long-lived access keys stored on the disk, which leak with every image and snapshot.",
    remediation="aws ec2 associate-iam-instance-profile --instance-id <id> "
    "--iam-instance-profile Name=<profile>",
    remediation_terraform="iam_instance_profile = aws_iam_instance_profile.app.name",
)
def ec2_instance_profile_attached(inv: Inventory) -> Findings:
    def judge(i: EC2Instance) -> Finding:
        return unknown_attributes(i, "instance_profile") or verdict(
            i,
            i.instance_profile is not None,
            f"instance profile {i.instance_profile}",
            "no instance profile: AWS credentials, if any, are stored on the instance",
            instance_profile=i.instance_profile,
        )

    yield from each(inv, EC2Instance, "EC2 instances", judge)
