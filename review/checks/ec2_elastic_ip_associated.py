"""Elastic IP addresses are associated with an instance or network interface."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import ElasticIP, Inventory
from coattail.review.model import Finding


@check(
    id="ec2_elastic_ip_associated",
    title="Elastic IP addresses are associated",
    pillar="cost_optimization",
    bp_id="COST04-BP03",
    severity="low",
    service="ec2",
    resource_type="AWS::EC2::EIP",
    rationale="Every public IPv4 address is billed by the hour; an Elastic IP associated with nothing "
    "carries no traffic and is pure cost. Release it (or associate it where it is needed).",
    remediation="aws ec2 release-address --allocation-id <eipalloc-id>",
    remediation_terraform="# remove the unused aws_eip (or set instance / network_interface on it)",
)
def ec2_elastic_ip_associated(inv: Inventory) -> Findings:
    def judge(eip: ElasticIP) -> Finding:
        target = eip.instance_id or eip.network_interface_id or eip.association_id
        return verdict(
            eip,
            eip.associated,
            f"associated with {target}",
            f"{eip.public_ip or 'address'} not associated: billed hourly for nothing",
            public_ip=eip.public_ip,
            associated=eip.associated,
        )

    yield from each(inv, ElasticIP, "Elastic IP addresses", judge)
