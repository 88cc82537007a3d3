"""Data stores keep copies in several Availability Zones."""

from __future__ import annotations

from coattail.review.checks._common import Findings, none_found, unknown, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory, S3Bucket

_SINGLE_AZ = {"ONEZONE_IA", "REDUCED_REDUNDANCY", "EXPRESS_ONEZONE"}


@check(
    id="storage_multi_az",
    title="S3 data stays in multi-AZ storage classes; Lambda functions are not pinned to one AZ",
    pillar="reliability",
    bp_id="REL10-BP01",
    severity="high",
    service="multiple",
    resource_type="AWS::S3::Bucket|AWS::Lambda::Function",
    rationale="S3 Standard/IA keep copies in at least three AZs; a lifecycle transition to a one-zone "
    "class silently gives that up. A Lambda function outside a VPC runs in several AZs; inside one, it "
    "runs only in its subnets' AZs. (Kinesis streams and DynamoDB tables are multi-AZ by design with "
    "no per-resource setting to judge, so they are not scored here.)",
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
            "no lifecycle transition to a single-AZ storage class",
            f"lifecycle moves objects to single-AZ storage {', '.join(single)}",
            single_az_classes=single,
        )
    for f in inv.lambda_functions:
        if f.vpc_configured and len(f.vpc_subnet_ids) == 1:
            yield verdict(
                f,
                False,
                "",
                f"attached to one subnet ({f.vpc_subnet_ids[0]}): pinned to that subnet's single AZ",
                vpc_subnet_ids=list(f.vpc_subnet_ids),
            )
        elif f.vpc_configured and f.vpc_subnet_azs is not None:
            azs = sorted(set(f.vpc_subnet_azs))
            yield verdict(
                f,
                len(azs) > 1,
                f"attached to subnets in {len(azs)} AZs ({', '.join(azs)})",
                f"attached to subnets in one AZ only ({', '.join(azs) or 'none'})",
                vpc_subnet_azs=azs,
            )
        elif f.vpc_configured:
            yield unknown(f, "attached to a VPC: the AZs of its subnets are not collected")
        else:
            yield verdict(
                f,
                True,
                "not attached to a VPC (vpc_configured false): runs in several AZs",
                "",
                vpc_configured=False,
            )
    if not (inv.s3_buckets or inv.lambda_functions):
        yield none_found(inv, S3Bucket, "S3 buckets or Lambda functions")
