"""S3 buckets disable ACLs (object ownership: bucket owner enforced)."""

from __future__ import annotations

from coattail.review.checks._common import Findings, attribute_in
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory, S3Bucket


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
@attribute_in(
    S3Bucket, "object_ownership", ["BucketOwnerEnforced"], what="S3 buckets", label="object ownership"
)
def s3_bucket_ownership_enforced(inv: Inventory) -> Findings:
    """Declared above: object ownership must be one of the allowed values."""
    yield from ()  # replaced by attribute_in
