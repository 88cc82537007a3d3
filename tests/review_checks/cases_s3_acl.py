"""Cases for the S3 bucket ACL check (public, cross-account, ignored, disabled)."""

from __future__ import annotations

from typing import Any

from coattail.review.inventory import AclGrant, PublicAccessBlock, S3AccountPublicAccessBlock, S3Bucket
from coattail.review.inventory.s3 import ALL_USERS, AUTHENTICATED_USERS, LOG_DELIVERY

OTHER = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"


def _grant(kind: str, who: str, permission: str = "READ") -> AclGrant:
    return AclGrant(grantee_type=kind, grantee=who, permission=permission)


def cases(b: Any) -> dict[str, list[Any]]:
    R, P, F, U = b.Row, b.PASS, b.FAIL, b.UNKNOWN
    ignore = PublicAccessBlock(ignore_public_acls=True)
    return {
        "s3_bucket_acl_not_public": [
            R(
                b.inventory(
                    # ACLs disabled: even a leftover grant has no effect
                    b.make(
                        S3Bucket,
                        "enforced",
                        object_ownership="BucketOwnerEnforced",
                        acl_grants=(_grant("Group", ALL_USERS),),
                    ),
                    b.make(S3Bucket, "private", object_ownership="BucketOwnerPreferred", acl_grants=()),
                    b.make(
                        S3Bucket,
                        "access-logs",
                        object_ownership="ObjectWriter",
                        acl_grants=(_grant("Group", LOG_DELIVERY, "WRITE"),),
                    ),
                    b.make(
                        S3Bucket,
                        "ignored",
                        object_ownership="BucketOwnerPreferred",
                        acl_grants=(_grant("Group", ALL_USERS),),
                        public_access_block=ignore,
                    ),
                    b.make(S3Bucket, "not-read", object_ownership="ObjectWriter"),
                ),
                {P: {"enforced", "private", "access-logs", "ignored"}, U: {"not-read"}},
            ),
            R(
                b.inventory(
                    b.make(
                        S3Bucket,
                        "website",
                        object_ownership="BucketOwnerPreferred",
                        acl_grants=(_grant("Group", ALL_USERS),),
                    ),
                    b.make(
                        S3Bucket,
                        "any-account",
                        object_ownership="ObjectWriter",
                        acl_grants=(_grant("Group", AUTHENTICATED_USERS, "WRITE"),),
                    ),
                    b.make(
                        S3Bucket,
                        "shared",
                        object_ownership="BucketOwnerPreferred",
                        acl_grants=(_grant("CanonicalUser", OTHER, "FULL_CONTROL"),),
                    ),
                    b.make(
                        S3Bucket,
                        "by-mail",
                        object_ownership="ObjectWriter",
                        acl_grants=(_grant("AmazonCustomerByEmail", "partner@example.com"),),
                    ),
                ),
                {F: {"website", "any-account", "shared", "by-mail"}},
            ),
            # IgnorePublicAcls set for the whole account: public grants are ignored, a grant to
            # another account is not
            R(
                b.inventory(
                    b.make(
                        S3Bucket,
                        "website",
                        object_ownership="BucketOwnerPreferred",
                        acl_grants=(_grant("Group", ALL_USERS),),
                    ),
                    b.make(
                        S3Bucket,
                        "shared",
                        object_ownership="BucketOwnerPreferred",
                        acl_grants=(_grant("CanonicalUser", OTHER),),
                    ),
                    b.make(S3AccountPublicAccessBlock, "account", public_access_block=ignore),
                ),
                {P: {"website"}, F: {"shared"}},
            ),
        ],
    }
