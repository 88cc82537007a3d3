"""Data stores keep copies in several Availability Zones."""

from __future__ import annotations

from coattail.review.checks._common import Findings, none_found, unknown, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory, S3Bucket

_SINGLE_AZ = {"ONEZONE_IA", "REDUCED_REDUNDANCY", "EXPRESS_ONEZONE"}


@check(
    id="storage_multi_az",
    title="Data stores and functions run on regional multi-AZ services with no single-AZ storage classes",
    pillar="reliability",
    bp_id="REL10-BP01",
    severity="high",
    service="multiple",
    resource_type="AWS::S3::Bucket|AWS::Kinesis::Stream|AWS::DynamoDB::Table|AWS::Lambda::Function",
    rationale="S3 Standard/IA, Kinesis and DynamoDB replicate across at least three AZs; a lifecycle "
    "transition to a one-zone class silently gives that up.",
    remediation=(
        "Keep data in multi-AZ storage classes (STANDARD, STANDARD_IA, INTELLIGENT_TIERING, GLACIER*)."
    ),
    remediation_terraform='transition { days = 30  storage_class = "STANDARD_IA" }  # not ONEZONE_IA',
)
def storage_multi_az(inv: Inventory) -> Findings:
    for b in inv.s3_buckets:
        single = sorted(
            {t.storage_class for r in b.enabled_lifecycle_rules for t in r.transitions} & _SINGLE_AZ
        )
        yield verdict(
            b,
            not single,
            "S3 storage classes replicated across >= 3 AZs",
            f"lifecycle moves objects to single-AZ storage {', '.join(single)}",
            single_az_classes=single,
        )
    for s in inv.kinesis_streams:
        yield verdict(
            s, True, "Kinesis stream: regional, replicated across 3 AZs by AWS", "", service="kinesis"
        )
    for t in inv.dynamodb_tables:
        yield verdict(
            t, True, "DynamoDB table: regional, replicated across 3 AZs by AWS", "", service="dynamodb"
        )
    for f in inv.lambda_functions:
        if f.vpc_configured:
            yield unknown(f, "attached to a VPC: the AZ spread of its subnets is not collected")
        else:
            yield verdict(f, True, "Lambda outside a VPC: runs across AZs by AWS", "", vpc_configured=False)
    if not (inv.s3_buckets or inv.kinesis_streams or inv.dynamodb_tables):
        yield none_found(inv, S3Bucket, "data stores")
