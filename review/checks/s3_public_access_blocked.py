"""S3 buckets block every form of public access."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory, S3Bucket
from coattail.review.model import Finding


@check(
    id="s3_public_access_blocked",
    title="S3 buckets block public ACLs and public policies",
    pillar="security",
    bp_id="SEC03-BP07",
    severity="critical",
    service="s3",
    resource_type="AWS::S3::Bucket",
    rationale="A bucket-level public access block stops an ACL or policy mistake from exposing data.",
    remediation="Enable all four public access block settings on the bucket.",
    remediation_terraform=(
        'resource "aws_s3_bucket_public_access_block" "this" {\n  bucket = aws_s3_bucket.this.id\n'
        "  block_public_acls = true  block_public_policy = true\n"
        "  ignore_public_acls = true  restrict_public_buckets = true\n}"
    ),
)
def s3_public_access_blocked(inv: Inventory) -> Findings:
    def judge(b: S3Bucket) -> Finding:
        pab = b.public_access_block
        flags = pab.model_dump() if pab else {}
        off = sorted(k for k, v in flags.items() if not v) if pab else ["public access block not configured"]
        return verdict(
            b,
            pab is not None and pab.all_blocked,
            "all four public access block settings on",
            f"public access not fully blocked: {', '.join(off)}",
            public_access_block=flags,
        )

    yield from each(inv, S3Bucket, "S3 buckets", judge)
