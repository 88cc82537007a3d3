"""Every bucket has a lifecycle policy so stored data cannot grow without bound."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, matches, verdict
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import Inventory, S3Bucket
from coattail.review.model import Finding


@check(
    id="s3_lifecycle_configured",
    title="S3 buckets have lifecycle rules that tier or expire data",
    pillar="sustainability",
    bp_id="SUS04-BP03",
    severity="medium",
    service="s3",
    resource_type="AWS::S3::Bucket",
    rationale="Lifecycle policies move cold data to less resource-intensive storage and delete what is no "
    "longer needed, so storage does not grow unbounded.",
    remediation="Add an enabled lifecycle rule with a transition or an expiration.",
    remediation_terraform='rule { id = "expire"  status = "Enabled"  filter {}  expiration { days = 90 } }',
    params={"buckets": ["*"]},
)
def s3_lifecycle_configured(inv: Inventory, p: Params) -> Findings:
    def judge(b: S3Bucket) -> Finding:
        acting = [
            r
            for r in b.enabled_lifecycle_rules
            if r.transitions or r.expiration_days is not None or r.noncurrent_expiration_days is not None
        ]
        return verdict(
            b,
            bool(acting),
            f"{len(acting)} enabled lifecycle rule(s) tier or expire data",
            "no enabled lifecycle rule transitions or expires objects",
            rule_ids=[r.id for r in acting],
        )

    yield from each(
        inv,
        S3Bucket,
        "S3 buckets",
        judge,
        select=lambda b: matches(b.name, p.strs("buckets")),
        required=p.strs("buckets") != ("*",),
    )
