"""S3 bucket policies deny requests that do not use TLS."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown_attributes, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory, S3Bucket
from coattail.review.model import Finding


def _denies_plain_http(b: S3Bucket) -> bool:
    if b.policy is None:
        return False
    for s in b.policy.statements:
        if s.effect != "Deny":
            continue
        for op, body in s.conditions.items():
            values = {v.lower() for k, vs in body.items() if k.lower() == "aws:securetransport" for v in vs}
            if op.startswith("Bool") and "false" in values:
                return True
    return False


@check(
    id="s3_tls_only_policy",
    title="S3 bucket policies deny requests without TLS",
    pillar="security",
    bp_id="SEC09-BP02",
    severity="medium",
    service="s3",
    resource_type="AWS::S3::Bucket",
    rationale="SDKs use HTTPS by default, but only a bucket policy guarantees no client can read or write "
    "the data over plain HTTP.",
    remediation="Add a Deny statement for s3:* when aws:SecureTransport is false.",
    remediation_terraform=(
        'statement { effect = "Deny"  actions = ["s3:*"]  resources = [bucket_arn, "${bucket_arn}/*"]\n'
        '  principals { type = "*"  identifiers = ["*"] }\n'
        '  condition { test = "Bool"  variable = "aws:SecureTransport"  values = ["false"] } }'
    ),
)
def s3_tls_only_policy(inv: Inventory) -> Findings:
    def judge(b: S3Bucket) -> Finding:
        return unknown_attributes(b, "policy") or verdict(
            b,
            _denies_plain_http(b),
            "bucket policy denies aws:SecureTransport=false",
            "no bucket policy statement denies non-TLS requests"
            if b.policy
            else "no bucket policy (non-TLS requests not denied)",
            has_policy=b.policy is not None,
        )

    yield from each(inv, S3Bucket, "S3 buckets", judge)
