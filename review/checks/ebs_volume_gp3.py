"""General-purpose EBS volumes are gp3, not gp2."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown, unknown_attributes, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import EBSVolume, Inventory
from coattail.review.model import Finding


@check(
    id="ebs_volume_gp3",
    title="EBS volumes use gp3 rather than gp2",
    pillar="cost_optimization",
    bp_id="COST06-BP02",
    severity="low",
    service="ec2",
    resource_type="AWS::EC2::Volume",
    rationale="gp3 costs about 20 % less per GB than gp2 and gives a 3,000 IOPS / 125 MB/s baseline "
    "whatever the size, where gp2 ties performance to size (so volumes are over-provisioned to get "
    "IOPS). The change is online. Other volume types (io2, st1, sc1) are a deliberate choice and pass.",
    remediation="aws ec2 modify-volume --volume-id <id> --volume-type gp3",
    remediation_terraform='type = "gp3"',
)
def ebs_volume_gp3(inv: Inventory) -> Findings:
    def judge(v: EBSVolume) -> Finding:
        if v.volume_type is None:
            return unknown_attributes(v, "volume_type") or unknown(v, "volume type not read")
        return verdict(
            v,
            v.volume_type != "gp2",
            f"volume type {v.volume_type}",
            "volume type gp2 (gp3 is cheaper with a size-independent baseline)",
            volume_type=v.volume_type,
        )

    yield from each(inv, EBSVolume, "EBS volumes", judge)
