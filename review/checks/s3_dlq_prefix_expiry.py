"""The data-quality dead-letter zone on S3 has its own short retention."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, matches, verdict
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import Inventory, S3Bucket
from coattail.review.model import Finding


@check(
    id="s3_dlq_prefix_expiry",
    kind="claim",
    title="The S3 dead-letter zone has a lifecycle rule that expires quarantined records",
    pillar="reliability",
    bp_id="REL05-BP04",
    severity="medium",
    service="s3",
    resource_type="AWS::S3::Bucket",
    rationale=(
        "Rejected records are kept (never silently dropped) for inspection and replay, for a bounded time."
    ),
    remediation="Add a lifecycle rule on the dead-letter prefix with the documented expiration.",
    remediation_terraform=(
        'rule { id = "dlq"  status = "Enabled"  filter { prefix = "dlq/" }  expiration { days = 7 } }'
    ),
    params={"buckets": ["*-raw-*"], "prefix": "dlq/", "expiration_days": 7},
)
def s3_dlq_prefix_expiry(inv: Inventory, p: Params) -> Findings:
    prefix, days = p.str("prefix"), p.int("expiration_days")

    def judge(b: S3Bucket) -> Finding:
        found = [r.expiration_days for r in b.enabled_lifecycle_rules if (r.prefix or "") == prefix]
        return verdict(
            b,
            days in found,
            f"dead-letter zone {prefix} expires after {days} d",
            f"dead-letter prefix {prefix} expiration {found or 'missing'} (expected {days} d)",
            prefix=prefix,
            expiration_days=found,
        )

    yield from each(
        inv,
        S3Bucket,
        "buckets holding the dead-letter zone",
        judge,
        select=lambda b: matches(b.name, p.strs("buckets")),
        required=True,
    )
