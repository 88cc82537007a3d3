"""Incomplete multipart uploads are cleaned up automatically."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, verdict
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import Inventory, S3Bucket
from coattail.review.model import Finding


@check(
    id="s3_abort_incomplete_multipart",
    title="S3 buckets abort incomplete multipart uploads",
    pillar="sustainability",
    bp_id="SUS04-BP05",
    severity="low",
    service="s3",
    resource_type="AWS::S3::Bucket",
    rationale=(
        "Parts of abandoned multipart uploads are invisible, billed and stored forever unless a rule aborts "
        "them."
    ),
    remediation="Add a lifecycle rule with abort_incomplete_multipart_upload.",
    remediation_terraform="rule { ... abort_incomplete_multipart_upload { days_after_initiation = 7 } }",
    params={"max_days": 7},
)
def s3_abort_incomplete_multipart(inv: Inventory, p: Params) -> Findings:
    def judge(b: S3Bucket) -> Finding:
        days = sorted(r.abort_multipart_days for r in b.enabled_lifecycle_rules if r.abort_multipart_days)
        return verdict(
            b,
            bool(days) and days[0] <= p.int("max_days"),
            f"incomplete multipart uploads aborted after {days[0] if days else None} d",
            f"incomplete multipart uploads {f'aborted after {days[0]} d' if days else 'never aborted'}"
            f" (expected <= {p.int('max_days')} d)",
            abort_multipart_days=days,
        )

    yield from each(inv, S3Bucket, "S3 buckets", judge)
