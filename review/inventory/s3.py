"""Amazon S3 buckets."""

from __future__ import annotations

from typing import ClassVar

from coattail.review.inventory.base import Frozen, Resource
from coattail.review.inventory.policy import PolicyDocument


class PublicAccessBlock(Frozen):
    block_public_acls: bool = False
    ignore_public_acls: bool = False
    block_public_policy: bool = False
    restrict_public_buckets: bool = False

    @property
    def all_blocked(self) -> bool:
        return (
            self.block_public_acls
            and self.ignore_public_acls
            and self.block_public_policy
            and self.restrict_public_buckets
        )


class Transition(Frozen):
    days: int | None = None
    storage_class: str


class LifecycleRule(Frozen):
    id: str | None = None
    prefix: str | None = None
    status: str = "Enabled"
    transitions: tuple[Transition, ...] = ()
    expiration_days: int | None = None
    noncurrent_expiration_days: int | None = None
    abort_multipart_days: int | None = None

    @property
    def enabled(self) -> bool:
        return self.status == "Enabled"


#: Grantee URIs of the S3 predefined groups.
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"
AUTHENTICATED_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
LOG_DELIVERY = "http://acs.amazonaws.com/groups/s3/LogDelivery"


class AclGrant(Frozen):
    """One grant of a bucket ACL to someone other than the bucket owner."""

    grantee_type: str  # CanonicalUser | Group | AmazonCustomerByEmail
    grantee: str  # canonical user id, group URI or e-mail address
    permission: str  # READ | WRITE | READ_ACP | WRITE_ACP | FULL_CONTROL

    @property
    def public(self) -> bool:
        return self.grantee_type == "Group" and self.grantee in (ALL_USERS, AUTHENTICATED_USERS)


class S3Bucket(Resource):
    resource_type: ClassVar[str] = "AWS::S3::Bucket"
    service: ClassVar[str] = "s3"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_s3_bucket",)

    encryption_algorithm: str | None = None  # AES256 | aws:kms | aws:kms:dsse | None
    bucket_key_enabled: bool | None = None
    kms_key_id: str | None = None
    versioning: str | None = None  # Enabled | Suspended | None (never enabled)
    mfa_delete: bool | None = None
    public_access_block: PublicAccessBlock | None = None
    lifecycle_rules: tuple[LifecycleRule, ...] = ()
    object_ownership: str | None = None
    policy: PolicyDocument | None = None
    logging_target_bucket: str | None = None
    #: the bucket ACL's grants other than the owner's own (None: not collected)
    acl_grants: tuple[AclGrant, ...] | None = None

    @property
    def versioning_enabled(self) -> bool:
        return self.versioning == "Enabled"

    @property
    def enabled_lifecycle_rules(self) -> tuple[LifecycleRule, ...]:
        return tuple(r for r in self.lifecycle_rules if r.enabled)
