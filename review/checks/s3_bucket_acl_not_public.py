"""Bucket ACLs grant nothing to everyone, to every AWS account, or to another account."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown, unknown_attributes, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory, S3Bucket
from coattail.review.inventory.s3 import ALL_USERS, LOG_DELIVERY
from coattail.review.model import Finding


def _who(grantee: str) -> str:
    if grantee == ALL_USERS:
        return "AllUsers (anyone)"
    if grantee.endswith("/AuthenticatedUsers"):
        return "AuthenticatedUsers (any AWS account)"
    return grantee


def _public_acls_ignored(inv: Inventory, bucket: S3Bucket) -> bool:
    """IgnorePublicAcls on the bucket or on its account: S3 disregards public grants."""
    if bucket.public_access_block is not None and bucket.public_access_block.ignore_public_acls:
        return True
    return any(
        a.public_access_block is not None
        and a.public_access_block.ignore_public_acls
        and (a.account is None or a.account == bucket.account)
        for a in inv.s3_account_public_access_blocks
    )


@check(
    id="s3_bucket_acl_not_public",
    title="S3 bucket ACLs grant no public or cross-account access",
    pillar="security",
    bp_id="SEC03-BP07",
    severity="high",
    service="s3",
    resource_type="AWS::S3::Bucket",
    rationale="A bucket ACL grant to the AllUsers group opens the bucket to anyone, to AuthenticatedUsers to "
    "every AWS account; a grant to another canonical user (or e-mail) gives another account access outside "
    "the bucket policy. Buckets with object ownership BucketOwnerEnforced have ACLs disabled and hold; "
    "public grants S3 ignores (IgnorePublicAcls on the bucket or the account) hold; the S3 LogDelivery group "
    "(server access logs) is allowed.",
    remediation="aws s3api put-bucket-ownership-controls --bucket <bucket> --ownership-controls "
    "'Rules=[{ObjectOwnership=BucketOwnerEnforced}]' "
    "(or aws s3api put-bucket-acl --bucket <bucket> --acl private)",
    remediation_terraform='resource "aws_s3_bucket_ownership_controls" "this" {\n'
    '  bucket = aws_s3_bucket.this.id\n  rule { object_ownership = "BucketOwnerEnforced" }\n}',
)
def s3_bucket_acl_not_public(inv: Inventory) -> Findings:
    def judge(bucket: S3Bucket) -> Finding:
        pending = unknown_attributes(bucket, "object_ownership")
        if pending:
            return pending
        if bucket.object_ownership == "BucketOwnerEnforced":
            return verdict(bucket, True, "ACLs disabled (BucketOwnerEnforced)", "", acl_grants=[])
        pending = unknown_attributes(bucket, "acl_grants")
        if pending or bucket.acl_grants is None:
            return pending or unknown(bucket, "bucket ACL not collected")
        grants = bucket.acl_grants
        public = [g for g in grants if g.public]
        ignored = bool(public) and _public_acls_ignored(inv, bucket)
        others = [g for g in grants if g.grantee_type != "Group" and not g.public]
        unknown_groups = [
            g for g in grants if g.grantee_type == "Group" and not g.public and g.grantee != LOG_DELIVERY
        ]
        problems = []
        if public and not ignored:
            problems.append(
                "public: " + ", ".join(sorted({f"{_who(g.grantee)} {g.permission}" for g in public}))
            )
        if others:
            problems.append(
                "cross-account: "
                + ", ".join(sorted({f"{g.grantee_type} {g.grantee} {g.permission}" for g in others}))
            )
        if unknown_groups:
            problems.append("group grants " + ", ".join(sorted({g.grantee for g in unknown_groups})))
        good = "ACL grants only the owner"
        if any(g.grantee == LOG_DELIVERY for g in grants):
            good += " and the S3 log delivery group"
        if ignored:
            good += "; public grants ignored (IgnorePublicAcls)"
        return verdict(
            bucket,
            not problems,
            good,
            "; ".join(problems),
            acl_grants=[f"{g.grantee_type}:{g.grantee}:{g.permission}" for g in grants],
            public_ignored=ignored,
        )

    yield from each(inv, S3Bucket, "S3 buckets", judge)
