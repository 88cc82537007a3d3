"""The Spark job's role reaches only the platform's buckets."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, matches, verdict
from coattail.review.checks._iam import allow_statements, unknown_permissions
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import IAMRole, Inventory
from coattail.review.model import Finding


def _bucket(resource: str) -> str:
    return resource.removeprefix("arn:aws:s3:::").split("/", 1)[0] if resource != "*" else "*"


@check(
    id="iam_emr_role_scoped_buckets",
    kind="claim",
    title="The EMR execution role's S3 access names the platform's bucket ARNs only",
    pillar="security",
    bp_id="SEC03-BP02",
    severity="high",
    service="iam",
    resource_type="AWS::IAM::Role",
    rationale="The job reads and writes the lake; naming its buckets keeps a bug or a rogue job away from "
    "every other bucket in the account.",
    remediation="List the bucket ARNs (and /*) in every S3 statement of the execution role.",
    remediation_terraform='resources = [aws_s3_bucket.raw.arn, "${aws_s3_bucket.raw.arn}/*"]',
    params={"roles": ["*emr*"], "buckets": ["*"]},
)
def iam_emr_role_scoped_buckets(inv: Inventory, p: Params) -> Findings:
    def judge(role: IAMRole) -> Finding:
        s3 = [
            s
            for _, s in allow_statements(role)
            if any(a.lower().startswith("s3:") or a == "*" for a in s.actions)
        ]
        buckets = sorted({_bucket(r) for s in s3 for r in s.resources})
        stray = [b for b in buckets if "*" in b or not matches(b, p.strs("buckets"))]
        return unknown_permissions(role, stray, exact_resources=True) or verdict(
            role,
            bool(s3) and not stray,
            f"S3 access limited to {len(buckets)} bucket(s): {', '.join(buckets)}",
            f"S3 access beyond the platform buckets: {stray}" if s3 else "no S3 statement found",
            buckets=buckets,
            stray=stray,
        )

    yield from each(
        inv,
        IAMRole,
        "EMR execution roles",
        judge,
        select=lambda r: matches(r.name, p.strs("roles")),
        required=True,
    )
