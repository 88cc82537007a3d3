"""S3 buckets disable ACLs (object ownership: bucket owner enforced)."""

from __future__ import annotations

from review.checks._common import Findings, each, unknown_attributes, verdict
from review.checks._registry import check
from review.inventory import Inventory, S3Bucket
from review.model import Finding


@check(
    id="s3_bucket_ownership_enforced",
    title="S3 buckets disable ACLs (BucketOwnerEnforced)",
    pillar="security",
    bp_id="SEC08-BP04",
    severity="medium",
    service="s3",
    resource_type="AWS::S3::Bucket",
    rationale=(
        "With ACLs disabled, access is governed by policies alone and the bucket owner owns every object."
    ),
    remediation="Set object ownership to BucketOwnerEnforced.",
    remediation_terraform=(
        'resource "aws_s3_bucket_ownership_controls" "this" {\n  bucket = aws_s3_bucket.this.id\n'
        '  rule { object_ownership = "BucketOwnerEnforced" }\n}'
    ),
)
def s3_bucket_ownership_enforced(inv: Inventory) -> Findings:
    def judge(b: S3Bucket) -> Finding:
        return unknown_attributes(b, "object_ownership") or verdict(
            b,
            b.object_ownership == "BucketOwnerEnforced",
            "object ownership BucketOwnerEnforced (ACLs disabled)",
            f"object ownership {b.object_ownership or 'not set'} (ACLs still possible)",
            object_ownership=b.object_ownership,
        )

    yield from each(inv, S3Bucket, "S3 buckets", judge)
