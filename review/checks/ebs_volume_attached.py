"""EBS volumes are attached to an instance, not left available."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown, unknown_attributes, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import EBSVolume, Inventory
from coattail.review.model import Finding


@check(
    id="ebs_volume_attached",
    title="EBS volumes are attached (no unattached volumes)",
    pillar="cost_optimization",
    bp_id="COST04-BP03",
    severity="low",
    service="ec2",
    resource_type="AWS::EC2::Volume",
    rationale="An available (unattached) volume serves nothing yet bills for every provisioned GB, "
    "IOPS and MB/s; it is usually left over from a terminated instance. Snapshot it if the data "
    "matters, then delete it.",
    remediation="aws ec2 create-snapshot --volume-id <id> --description 'before deletion'; "
    "aws ec2 delete-volume --volume-id <id>",
    remediation_terraform="# remove the aws_ebs_volume (or attach it with aws_volume_attachment)",
)
def ebs_volume_attached(inv: Inventory) -> Findings:
    def judge(v: EBSVolume) -> Finding:
        if v.state is None:
            return unknown_attributes(v, "state") or unknown(v, "attachment state not read")
        attached = v.state == "in-use" or bool(v.attached_instances)
        return verdict(
            v,
            attached,
            f"attached to {', '.join(v.attached_instances) or 'an instance'}",
            f"not attached (state {v.state}): billed for nothing",
            state=v.state,
            attached_instances=list(v.attached_instances),
        )

    yield from each(inv, EBSVolume, "EBS volumes", judge)
