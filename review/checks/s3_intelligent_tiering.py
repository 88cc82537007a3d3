"""Data read when nobody can forecast it sits in S3 Intelligent-Tiering (the seed's improvement)."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, matches, verdict
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import Inventory, S3Bucket
from coattail.review.model import Finding

STORAGE_CLASS = "INTELLIGENT_TIERING"


@check(
    id="s3_intelligent_tiering",
    kind="claim",
    title="Buckets with unpredictable access move their objects to S3 Intelligent-Tiering",
    pillar="cost_optimization",
    bp_id="COST06-BP02",
    severity="low",
    service="s3",
    resource_type="AWS::S3::Bucket",
    rationale="Analytical data is read when someone queries it, which no lifecycle schedule can forecast. "
    "Intelligent-Tiering moves objects not read for 30 days to cheaper tiers and back on access, without "
    "retrieval fees; objects under 128 KB stay in the frequent tier and pay no monitoring fee.",
    remediation="Add an enabled lifecycle rule with a transition to INTELLIGENT_TIERING (0 days or more).",
    remediation_terraform='rule {\n  id = "tiering"  status = "Enabled"  filter {}\n'
    '  transition { days = 0  storage_class = "INTELLIGENT_TIERING" }\n}',
    params={"buckets": ["*-processed-*"]},
)
def s3_intelligent_tiering(inv: Inventory, p: Params) -> Findings:
    def judge(b: S3Bucket) -> Finding:
        tiering = [
            (r.id, t.days)
            for r in b.enabled_lifecycle_rules
            for t in r.transitions
            if t.storage_class == STORAGE_CLASS
        ]
        return verdict(
            b,
            bool(tiering),
            "objects move to INTELLIGENT_TIERING after "
            + ", ".join(f"{days or 0} d (rule {rule})" for rule, days in tiering),
            "no enabled lifecycle rule moves objects to INTELLIGENT_TIERING",
            transitions=[{"rule": rule, "days": days} for rule, days in tiering],
        )

    yield from each(
        inv, S3Bucket, "S3 buckets", judge, select=lambda b: matches(b.name, p.strs("buckets")), required=True
    )
