"""S3 Bucket Keys reduce per-object key requests of server-side encryption."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown_attributes, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory, S3Bucket
from coattail.review.model import Finding


@check(
    id="s3_bucket_key_enabled",
    title="S3 buckets use an S3 Bucket Key for server-side encryption",
    pillar="performance_efficiency",
    bp_id="PERF03-BP02",
    severity="low",
    service="s3",
    resource_type="AWS::S3::Bucket",
    rationale="A bucket key lets S3 derive data keys locally instead of calling KMS per object: "
    "fewer requests, lower latency and cost on write-heavy buckets.",
    remediation="Enable bucket_key_enabled on the bucket's default encryption rule.",
    remediation_terraform=(
        "rule { bucket_key_enabled = true  apply_server_side_encryption_by_default { ... } }"
    ),
)
def s3_bucket_key_enabled(inv: Inventory) -> Findings:
    def judge(b: S3Bucket) -> Finding:
        return unknown_attributes(b, "bucket_key_enabled") or verdict(
            b,
            bool(b.bucket_key_enabled),
            f"bucket key enabled ({b.encryption_algorithm})",
            "bucket key not enabled",
            bucket_key_enabled=b.bucket_key_enabled,
            encryption_algorithm=b.encryption_algorithm,
        )

    yield from each(inv, S3Bucket, "S3 buckets", judge)
