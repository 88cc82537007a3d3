"""Cases for the idle-cost and NAT gateway checks."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from coattail.review.inventory import DynamoDBTable, KinesisStream, KMSKey, NatGateway, S3Bucket
from coattail.review.inventory.run_state import StoppedState
from coattail.review.model import SourceKind, SourceRun

LIVE_RUN = SourceRun(
    kind=SourceKind.LIVE,
    target="123456789012/us-east-1",
    collected_at=datetime(2026, 1, 1, tzinfo=UTC),
    ok=True,
)
TF_RUN = SourceRun(
    kind=SourceKind.TERRAFORM, target="platform/infra", collected_at=datetime(2026, 1, 1, tzinfo=UTC), ok=True
)


def cases(b: Any) -> dict[str, list[Any]]:
    R, P, F = b.Row, b.PASS, b.FAIL
    listed = {"sources": (LIVE_RUN,), "live_resource_types": (NatGateway.resource_type,)}
    tf_gateway = NatGateway(
        id="module.net.aws_nat_gateway.main",
        name="main",
        source=SourceKind.TERRAFORM,
        tf_address="module.net.aws_nat_gateway.main",
        subnet_id="subnet-1",
    )
    return {
        "idle_cost_outside_storage": [
            R(
                b.inventory(
                    b.make(S3Bucket, "ctc-dev-raw"),
                    b.make(DynamoDBTable, "ctc-dev-alerts", billing_mode="PAY_PER_REQUEST"),
                    sources=(LIVE_RUN,),
                ),
                {P: {"cost:idle outside stored data"}},
            ),
            R(
                b.inventory(
                    b.make(S3Bucket, "ctc-dev-raw"),
                    b.make(KinesisStream, "ctc-dev-trades", stream_mode="ON_DEMAND"),
                    b.make(KMSKey, "ctc-dev-key", manager="CUSTOMER", key_state="Enabled"),
                    sources=(LIVE_RUN,),
                ),
                {F: {"ctc-dev-trades", "ctc-dev-key"}},
            ),
            # a plan of the stopped state removes the stream: it bills only while running
            R(
                b.inventory(
                    b.make(S3Bucket, "ctc-dev-raw"),
                    b.make(KinesisStream, "ctc-dev-trades", stream_mode="ON_DEMAND"),
                    sources=(LIVE_RUN,),
                    stopped_state=StoppedState(plan="stopped.json", identities=("ctc-dev-trades",)),
                ),
                {P: {"cost:idle outside stored data"}},
            ),
            R(
                b.inventory(
                    b.make(KinesisStream, "ctc-dev-trades", stream_mode="ON_DEMAND"),
                    b.make(KMSKey, "ctc-dev-key", manager="CUSTOMER", key_state="Enabled"),
                    sources=(LIVE_RUN,),
                    stopped_state=StoppedState(plan="stopped.json", identities=("ctc-dev-trades",)),
                ),
                {F: {"ctc-dev-key"}},
            ),
        ],
        "no_nat_gateway": [
            R(
                b.inventory(b.make(S3Bucket, "ctc-dev-raw"), **listed),
                {P: {"ec2:nat-gateways (DescribeNatGateways in 123456789012/us-east-1)"}},
            ),
            R(
                b.inventory(
                    b.make(NatGateway, "nat-0abc", state="available", subnet_id="subnet-1"), **listed
                ),
                {F: {"nat-0abc"}},
            ),
            # a deleted gateway no longer bills: the listing holds no billing gateway
            R(
                b.inventory(b.make(NatGateway, "nat-0old", state="deleted"), **listed),
                {P: {"ec2:nat-gateways (DescribeNatGateways in 123456789012/us-east-1)"}},
            ),
            R(
                b.inventory(tf_gateway, sources=(TF_RUN,)),
                {F: {"module.net.aws_nat_gateway.main"}},
            ),
            R(
                b.inventory(b.make(S3Bucket, "x"), sources=(TF_RUN,)),
                {P: {"ec2:nat-gateways (the Terraform)"}},
            ),
            # nothing listed NAT gateways (EC2 not enumerated): no verdict
            R(b.inventory(b.make(S3Bucket, "x"), sources=(LIVE_RUN,)), {}),
        ],
    }
