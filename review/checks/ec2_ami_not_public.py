"""Machine images the account owns are not public."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import AMI, Inventory
from coattail.review.model import Finding


@check(
    id="ec2_ami_not_public",
    title="AMIs owned by the account are not public",
    pillar="security",
    bp_id="SEC03-BP07",
    severity="high",
    service="ec2",
    resource_type="AWS::EC2::Image",
    rationale="A public AMI lets any AWS account launch the image and read its disks: baked-in "
    "configuration, keys, credentials and code. Share images with named accounts or the organization "
    "only, and turn on block public access for AMIs.",
    remediation="aws ec2 modify-image-attribute --image-id <id> --launch-permission "
    "'Remove=[{Group=all}]'; aws ec2 enable-image-block-public-access --image-block-public-access-state "
    "block-new-sharing",
    remediation_terraform='# remove aws_ami_launch_permission resources with group = "all"',
)
def ec2_ami_not_public(inv: Inventory) -> Findings:
    def judge(image: AMI) -> Finding:
        if image.public is None:
            return unknown(image, "launch permissions not read")
        return verdict(
            image,
            not image.public,
            "private",
            "public: any AWS account can launch it (launch permission group all)",
            public=image.public,
        )

    yield from each(inv, AMI, "AMIs owned by the account", judge)
