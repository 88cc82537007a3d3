"""Amazon Kinesis Data Streams."""

from __future__ import annotations

from typing import ClassVar

from coattail.review.inventory.base import Resource
from coattail.review.inventory.policy import PolicyDocument


class KinesisStream(Resource):
    resource_type: ClassVar[str] = "AWS::Kinesis::Stream"
    service: ClassVar[str] = "kinesis"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_kinesis_stream",)

    stream_mode: str | None = None  # ON_DEMAND | PROVISIONED
    encryption_type: str | None = None  # KMS | NONE
    kms_key_id: str | None = None
    retention_hours: int | None = None
    shard_count: int | None = None
    status: str | None = None
    shard_level_metrics: tuple[str, ...] = ()
    consumer_count: int | None = None
    policy: PolicyDocument | None = None  # resource-based policy (GetResourcePolicy)

    @property
    def encrypted(self) -> bool:
        return self.encryption_type == "KMS"
