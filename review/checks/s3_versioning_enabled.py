"""Buckets holding data that must survive overwrites keep object versions."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, matches, unknown_attributes, verdict
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import Inventory, S3Bucket
from coattail.review.model import Finding


@check(
    id="s3_versioning_enabled",
    title="S3 versioning is enabled on buckets that hold primary data",
    pillar="reliability",
    bp_id="REL09-BP03",
    severity="medium",
    service="s3",
    resource_type="AWS::S3::Bucket",
    rationale="Versioning keeps every overwritten or deleted object recoverable (e.g. Iceberg metadata "
    "files on the processed bucket).",
    remediation="Enable versioning on the bucket (and expire non-current versions with a lifecycle rule).",
    remediation_terraform=(
        'resource "aws_s3_bucket_versioning" "this" {\n  bucket = aws_s3_bucket.this.id\n'
        '  versioning_configuration { status = "Enabled" }\n}'
    ),
    params={"buckets": ["*"]},
)
def s3_versioning_enabled(inv: Inventory, p: Params) -> Findings:
    def judge(b: S3Bucket) -> Finding:
        return unknown_attributes(b, "versioning") or verdict(
            b,
            b.versioning_enabled,
            "versioning Enabled",
            f"versioning {b.versioning or 'never enabled'}",
            versioning=b.versioning,
        )

    yield from each(
        inv,
        S3Bucket,
        "S3 buckets that must be versioned",
        judge,
        select=lambda b: matches(b.name, p.strs("buckets")),
        required=p.strs("buckets") != ("*",),
    )
