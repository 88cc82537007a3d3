"""EBS snapshots are not shared publicly."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import EBSSnapshot, Inventory
from coattail.review.model import Finding


@check(
    id="ebs_snapshot_not_public",
    title="EBS snapshots are not public",
    pillar="security",
    bp_id="SEC03-BP07",
    severity="critical",
    service="ec2",
    resource_type="AWS::EC2::Snapshot",
    rationale="A snapshot whose createVolumePermission includes the group 'all' can be copied into a "
    "volume by any AWS account: the whole disk (files, keys, database pages) is public. Share with "
    "named accounts instead, and turn on block public access for snapshots.",
    remediation="aws ec2 modify-snapshot-attribute --snapshot-id <id> --attribute createVolumePermission "
    "--operation-type remove --group-names all; "
    "aws ec2 enable-snapshot-block-public-access --state block-all-sharing",
    remediation_terraform='resource "aws_ebs_snapshot_block_public_access" "this" {\n'
    '  state = "block-all-sharing"\n}',
)
def ebs_snapshot_not_public(inv: Inventory) -> Findings:
    def judge(s: EBSSnapshot) -> Finding:
        if s.public is None:
            return unknown(s, "createVolumePermission not read")
        return verdict(
            s,
            not s.public,
            f"not public (shared with {len(s.create_volume_accounts or ())} named accounts)",
            "public: any AWS account can create a volume from it (createVolumePermission group all)",
            public=s.public,
        )

    yield from each(inv, EBSSnapshot, "EBS snapshots owned by the account", judge)
