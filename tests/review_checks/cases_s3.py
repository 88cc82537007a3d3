"""Cases for the S3 checks (loaded by conftest.load_cases)."""

from __future__ import annotations

from typing import Any

from coattail.review.inventory import (
    DynamoDBTable,
    KinesisStream,
    LambdaFunction,
    LifecycleRule,
    PolicyDocument,
    PublicAccessBlock,
    S3Bucket,
    Transition,
)
from coattail.review.model import NotAssessed, SourceKind

TLS_POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "DenyInsecureTransport",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "s3:*",
            "Resource": ["arn:aws:s3:::x", "arn:aws:s3:::x/*"],
            "Condition": {"Bool": {"aws:SecureTransport": "false"}},
        }
    ],
}
ALLOW_POLICY = {
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::1:root"},
            "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::x/*",
        }
    ]
}
RAW_RULES = (
    LifecycleRule(
        id="tier",
        prefix="",
        transitions=(Transition(days=30, storage_class="STANDARD_IA"),),
        expiration_days=90,
        abort_multipart_days=7,
    ),
    LifecycleRule(id="dlq", prefix="dlq/", expiration_days=7),
)


def cases(b: Any) -> dict[str, list[Any]]:
    R = b.Row
    P, F, U, NA = b.PASS, b.FAIL, b.UNKNOWN, b.NA

    def bucket(name: str, **kw: Any) -> S3Bucket:
        return b.make(S3Bucket, name, id=f"arn:aws:s3:::{name}", **kw)

    none = b.inventory()
    gap = b.inventory(
        not_assessed=(NotAssessed(service="s3", source=SourceKind.LIVE, reason="AccessDenied"),)
    )
    return {
        "s3_bucket_encryption": [
            R(
                b.inventory(
                    bucket("a", encryption_algorithm="AES256"), bucket("k", encryption_algorithm="aws:kms")
                ),
                {P: {"a", "k"}},
            ),
            R(
                b.inventory(bucket("a", encryption_algorithm="AES256"), bucket("plain")),
                {P: {"a"}, F: {"plain"}},
            ),
            R(
                b.inventory(bucket("k", encryption_algorithm="aws:kms")),
                {F: {"k"}},
                {"algorithms": ["AES256"]},
            ),
            R(gap, {U: {"s3:S3 buckets"}}),
            R(none, {NA: {"s3:S3 buckets"}}),
        ],
        "s3_bucket_key_enabled": [
            R(b.inventory(bucket("a", bucket_key_enabled=True)), {P: {"a"}}),
            R(
                b.inventory(bucket("a", bucket_key_enabled=True), bucket("n", bucket_key_enabled=False)),
                {P: {"a"}, F: {"n"}},
            ),
            R(b.inventory(bucket("t", unknown_attributes=("bucket_key_enabled",))), {U: {"t"}}),
        ],
        "s3_public_access_blocked": [
            R(
                b.inventory(
                    bucket(
                        "a",
                        public_access_block=PublicAccessBlock(
                            block_public_acls=True,
                            ignore_public_acls=True,
                            block_public_policy=True,
                            restrict_public_buckets=True,
                        ),
                    )
                ),
                {P: {"a"}},
            ),
            R(
                b.inventory(
                    bucket("half", public_access_block=PublicAccessBlock(block_public_acls=True)),
                    bucket("none"),
                ),
                {F: {"half", "none"}},
            ),
        ],
        "s3_tls_only_policy": [
            R(b.inventory(bucket("a", policy=PolicyDocument.parse(TLS_POLICY))), {P: {"a"}}),
            R(
                b.inventory(
                    bucket("a", policy=PolicyDocument.parse(TLS_POLICY)),
                    bucket("allow", policy=PolicyDocument.parse(ALLOW_POLICY)),
                    bucket("nopolicy"),
                ),
                {P: {"a"}, F: {"allow", "nopolicy"}},
            ),
            # the bucket policy of a plan embeds the bucket ARN: known only after apply
            R(
                b.inventory(bucket("planned", source=SourceKind.TERRAFORM, unknown_attributes=("policy",))),
                {U: {"planned"}},
            ),
        ],
        "s3_bucket_ownership_enforced": [
            R(b.inventory(bucket("a", object_ownership="BucketOwnerEnforced")), {P: {"a"}}),
            R(
                b.inventory(bucket("w", object_ownership="ObjectWriter"), bucket("unset")),
                {F: {"w", "unset"}},
            ),
        ],
        "s3_versioning_enabled": [
            R(
                b.inventory(bucket("ctc-dev-processed-1", versioning="Enabled"), bucket("ctc-dev-raw-1")),
                {P: {"ctc-dev-processed-1"}},
                {"buckets": ["*-processed-*"]},
            ),
            R(
                b.inventory(bucket("ctc-dev-processed-1", versioning="Suspended")),
                {F: {"ctc-dev-processed-1"}},
                {"buckets": ["*-processed-*"]},
            ),
            R(
                b.inventory(bucket("ctc-dev-raw-1")),
                {F: {"s3:S3 buckets that must be versioned"}},
                {"buckets": ["*-processed-*"]},
            ),
            R(b.inventory(bucket("v", versioning="Enabled"), bucket("never")), {P: {"v"}, F: {"never"}}),
        ],
        "s3_lifecycle_retention": [
            R(
                b.inventory(
                    bucket("ctc-dev-raw-1", lifecycle_rules=RAW_RULES),
                    bucket("ctc-dev-checkpoint-1", lifecycle_rules=(LifecycleRule(expiration_days=7),)),
                    bucket("other"),
                ),
                {P: {"ctc-dev-raw-1", "ctc-dev-checkpoint-1"}},
                {
                    "rules": {
                        "ctc-dev-raw-*": {
                            "transition_days": 30,
                            "storage_class": "STANDARD_IA",
                            "expiration_days": 90,
                        },
                        "ctc-dev-checkpoint-*": {"expiration_days": 7},
                    }
                },
            ),
            R(
                b.inventory(
                    bucket("ctc-dev-raw-1", lifecycle_rules=(LifecycleRule(expiration_days=90),)),
                    bucket("ctc-dev-checkpoint-1", lifecycle_rules=(LifecycleRule(expiration_days=30),)),
                ),
                {F: {"ctc-dev-raw-1", "ctc-dev-checkpoint-1"}},
                {
                    "rules": {
                        "ctc-dev-raw-*": {"transition_days": 30, "expiration_days": 90},
                        "ctc-dev-checkpoint-*": {"expiration_days": 7},
                    }
                },
            ),
            R(
                b.inventory(
                    bucket("x", lifecycle_rules=(LifecycleRule(expiration_days=3, status="Disabled"),)),
                    bucket("y", lifecycle_rules=(LifecycleRule(expiration_days=3),)),
                ),
                {F: {"x"}, P: {"y"}},
            ),
        ],
        "s3_lifecycle_configured": [
            R(
                b.inventory(bucket("raw", lifecycle_rules=RAW_RULES), bucket("proc")),
                {P: {"raw"}},
                {"buckets": ["raw"]},
            ),
            R(
                b.inventory(bucket("raw", lifecycle_rules=RAW_RULES), bucket("proc")),
                {P: {"raw"}, F: {"proc"}},
            ),
        ],
        "s3_intelligent_tiering": [
            R(
                b.inventory(
                    bucket(
                        "ctc-dev-processed-1",
                        lifecycle_rules=(
                            LifecycleRule(
                                transitions=(Transition(days=0, storage_class="INTELLIGENT_TIERING"),)
                            ),
                        ),
                    ),
                    bucket("ctc-dev-raw-1", lifecycle_rules=RAW_RULES),
                ),
                {P: {"ctc-dev-processed-1"}},
            ),
            R(
                b.inventory(
                    bucket("ctc-dev-processed-1", lifecycle_rules=RAW_RULES),
                    bucket(
                        "ctc-dev-processed-2",
                        lifecycle_rules=(
                            LifecycleRule(
                                status="Disabled",
                                transitions=(Transition(days=0, storage_class="INTELLIGENT_TIERING"),),
                            ),
                        ),
                    ),
                ),
                {F: {"ctc-dev-processed-1", "ctc-dev-processed-2"}},
            ),
        ],
        "s3_abort_incomplete_multipart": [
            R(b.inventory(bucket("raw", lifecycle_rules=RAW_RULES)), {P: {"raw"}}),
            R(
                b.inventory(
                    bucket("raw", lifecycle_rules=RAW_RULES),
                    bucket("never"),
                    bucket("late", lifecycle_rules=(LifecycleRule(abort_multipart_days=30),)),
                ),
                {P: {"raw"}, F: {"never", "late"}},
            ),
        ],
        "s3_dlq_prefix_expiry": [
            R(
                b.inventory(
                    bucket("ctc-dev-raw-1", lifecycle_rules=RAW_RULES), bucket("ctc-dev-processed-1")
                ),
                {P: {"ctc-dev-raw-1"}},
            ),
            R(b.inventory(bucket("ctc-dev-raw-1", lifecycle_rules=RAW_RULES[:1])), {F: {"ctc-dev-raw-1"}}),
            R(b.inventory(bucket("ctc-dev-processed-1")), {F: {"s3:buckets holding the dead-letter zone"}}),
        ],
        "storage_multi_az": [
            R(
                b.inventory(
                    bucket("raw", lifecycle_rules=RAW_RULES),
                    b.make(KinesisStream, "trades"),
                    b.make(DynamoDBTable, "alerts"),
                    b.make(LambdaFunction, "api", vpc_configured=False),
                ),
                {P: {"raw", "api"}},  # streams and tables have no AZ setting: not judged
            ),
            R(
                b.inventory(
                    bucket(
                        "onezone",
                        lifecycle_rules=(
                            LifecycleRule(transitions=(Transition(days=30, storage_class="ONEZONE_IA"),)),
                        ),
                    ),
                    b.make(
                        LambdaFunction, "vpcfn", vpc_configured=True, vpc_subnet_ids=("subnet-a", "subnet-b")
                    ),
                    b.make(LambdaFunction, "onesubnet", vpc_configured=True, vpc_subnet_ids=("subnet-a",)),
                ),
                {F: {"onezone", "onesubnet"}, U: {"vpcfn"}},
            ),
            # with the subnets' AZs read (live): two AZs hold, two subnets in one AZ do not
            R(
                b.inventory(
                    b.make(
                        LambdaFunction,
                        "spread",
                        vpc_configured=True,
                        vpc_subnet_ids=("subnet-a", "subnet-b"),
                        vpc_subnet_azs=("us-east-1a", "us-east-1b"),
                    ),
                    b.make(
                        LambdaFunction,
                        "one-az",
                        vpc_configured=True,
                        vpc_subnet_ids=("subnet-a", "subnet-c"),
                        vpc_subnet_azs=("us-east-1a", "us-east-1a"),
                    ),
                ),
                {P: {"spread"}, F: {"one-az"}},
            ),
        ],
    }
