"""Amazon SNS topics and SQS queues."""

from __future__ import annotations

from typing import ClassVar

from coattail.review.inventory.base import Frozen, Resource
from coattail.review.inventory.policy import PolicyDocument


class SNSSubscription(Frozen):
    protocol: str
    endpoint: str | None = None
    arn: str | None = None
    #: The subscription's redrive policy dead-letter queue (None: none, or attributes not read).
    dead_letter_target_arn: str | None = None
    #: Whether the subscription's attributes (its redrive policy) were read.
    attributes_read: bool = False


class SNSTopic(Resource):
    resource_type: ClassVar[str] = "AWS::SNS::Topic"
    service: ClassVar[str] = "sns"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_sns_topic",)

    kms_master_key_id: str | None = None
    subscriptions: tuple[SNSSubscription, ...] = ()
    policy: PolicyDocument | None = None


class SQSQueue(Resource):
    resource_type: ClassVar[str] = "AWS::SQS::Queue"
    service: ClassVar[str] = "sqs"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_sqs_queue",)

    url: str | None = None
    kms_master_key_id: str | None = None
    sqs_managed_sse: bool | None = None
    retention_seconds: int | None = None
    visibility_timeout_seconds: int | None = None
    dead_letter_target_arn: str | None = None
    max_receive_count: int | None = None
    policy: PolicyDocument | None = None

    @property
    def encrypted(self) -> bool:
        return bool(self.kms_master_key_id) or bool(self.sqs_managed_sse)
