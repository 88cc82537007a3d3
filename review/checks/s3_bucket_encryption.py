"""S3 buckets encrypt new objects by default."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown_attributes, verdict
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import Inventory, S3Bucket
from coattail.review.model import Finding


@check(
    id="s3_bucket_encryption",
    title="S3 buckets encrypt objects at rest by default",
    pillar="security",
    bp_id="SEC08-BP02",
    severity="high",
    service="s3",
    resource_type="AWS::S3::Bucket",
    rationale="Default encryption guarantees every object is encrypted at rest, whoever writes it.",
    remediation="Set default server-side encryption (SSE-S3 AES256 or SSE-KMS) on the bucket.",
    remediation_terraform=(
        'resource "aws_s3_bucket_server_side_encryption_configuration" "this" {\n'
        "  bucket = aws_s3_bucket.this.id\n"
        '  rule { apply_server_side_encryption_by_default { sse_algorithm = "AES256" } }\n}'
    ),
    params={"algorithms": ["AES256", "aws:kms", "aws:kms:dsse"]},
)
def s3_bucket_encryption(inv: Inventory, p: Params) -> Findings:
    def judge(b: S3Bucket) -> Finding:
        algo = b.encryption_algorithm
        return unknown_attributes(b, "encryption_algorithm") or verdict(
            b,
            algo in p.strs("algorithms"),
            f"default encryption {algo}",
            f"default encryption {algo or 'not configured'}"
            f" (expected one of {', '.join(p.strs('algorithms'))})",
            encryption_algorithm=algo,
        )

    yield from each(inv, S3Bucket, "S3 buckets", judge)
