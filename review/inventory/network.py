"""VPC networking the platform must not need: NAT gateways."""

from __future__ import annotations

from typing import ClassVar

from coattail.review.inventory.base import Resource


class NatGateway(Resource):
    resource_type: ClassVar[str] = "AWS::EC2::NatGateway"
    service: ClassVar[str] = "ec2"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_nat_gateway",)

    state: str | None = None  # pending | available | deleting | deleted | failed
    connectivity_type: str | None = None  # public | private
    vpc_id: str | None = None
    subnet_id: str | None = None

    @property
    def billing(self) -> bool:
        """Deleted and failed gateways no longer bill."""
        return self.state not in ("deleted", "deleting", "failed")
