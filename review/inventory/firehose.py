"""Amazon Data Firehose (Kinesis Data Firehose) delivery streams."""

from __future__ import annotations

from typing import ClassVar

from coattail.review.inventory.base import Resource


class FirehoseDeliveryStream(Resource):
    resource_type: ClassVar[str] = "AWS::KinesisFirehose::DeliveryStream"
    service: ClassVar[str] = "firehose"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_kinesis_firehose_delivery_stream",)

    #: DirectPut | KinesisStreamAsSource | MSKAsSource | DatabaseAsSource
    stream_type: str | None = None
    #: server-side encryption: ENABLED | ENABLING | DISABLED | DISABLING | *_FAILED; None: not read
    encryption_status: str | None = None
    key_type: str | None = None  # AWS_OWNED_CMK | CUSTOMER_MANAGED_CMK
    kms_key_arn: str | None = None
