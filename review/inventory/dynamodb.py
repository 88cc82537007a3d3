"""Amazon DynamoDB tables."""

from __future__ import annotations

from typing import ClassVar

from coattail.review.inventory.base import Frozen, Resource
from coattail.review.inventory.policy import PolicyDocument


class KeyElement(Frozen):
    name: str
    key_type: str  # HASH | RANGE
    attribute_type: str | None = None  # S | N | B


class SecondaryIndex(Frozen):
    name: str
    keys: tuple[KeyElement, ...] = ()
    projection_type: str | None = None

    @property
    def hash_key(self) -> str | None:
        return next((k.name for k in self.keys if k.key_type == "HASH"), None)

    @property
    def range_key(self) -> str | None:
        return next((k.name for k in self.keys if k.key_type == "RANGE"), None)


class DynamoDBTable(Resource):
    resource_type: ClassVar[str] = "AWS::DynamoDB::Table"
    service: ClassVar[str] = "dynamodb"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_dynamodb_table",)

    billing_mode: str | None = None  # PAY_PER_REQUEST | PROVISIONED
    key_schema: tuple[KeyElement, ...] = ()
    global_secondary_indexes: tuple[SecondaryIndex, ...] = ()
    local_secondary_indexes: tuple[SecondaryIndex, ...] = ()
    ttl_attribute: str | None = None
    ttl_enabled: bool | None = None
    sse_enabled: bool | None = None
    sse_type: str | None = None  # AES256 (owned key) | KMS
    kms_key_arn: str | None = None
    pitr_enabled: bool | None = None
    deletion_protection: bool | None = None
    stream_enabled: bool | None = None
    table_class: str | None = None
    status: str | None = None
    read_capacity: int | None = None
    write_capacity: int | None = None
    #: Application Auto Scaling dimensions registered for the table (dynamodb:table:ReadCapacityUnits,
    #: ...); read for PROVISIONED tables only, None when not read
    autoscaled_dimensions: tuple[str, ...] | None = None
    policy: PolicyDocument | None = None  # resource-based policy (GetResourcePolicy)

    @property
    def hash_key(self) -> str | None:
        return next((k.name for k in self.key_schema if k.key_type == "HASH"), None)

    @property
    def range_key(self) -> str | None:
        return next((k.name for k in self.key_schema if k.key_type == "RANGE"), None)

    def gsi(self, name: str) -> SecondaryIndex | None:
        return next((g for g in self.global_secondary_indexes if g.name == name), None)
