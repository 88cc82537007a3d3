"""The clean account's storage, messaging and streams: S3, SNS, SQS, Kinesis, DynamoDB, SSM, KMS."""

from __future__ import annotations

import json
from typing import Any

ORDER = 0  # the others build on these resources
ACCOUNT = "123456789012"
TAGS = {"Project": "shop", "Environment": "prod"}
BUCKET = "shop-invoices"


def tag_list(key: str = "Key", value: str = "Value") -> list[dict[str, str]]:
    return [{key: k, value: v} for k, v in TAGS.items()]


def tls_only(bucket: str) -> str:
    arn = f"arn:aws:s3:::{bucket}"
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "TlsOnly",
                    "Effect": "Deny",
                    "Principal": "*",
                    "Action": "s3:*",
                    "Resource": [arn, f"{arn}/*"],
                    "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                }
            ],
        }
    )


def _bucket(s3: Any, kms_key: str) -> None:
    s3.create_bucket(Bucket=BUCKET)
    s3.put_public_access_block(
        Bucket=BUCKET,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )
    s3.put_bucket_encryption(
        Bucket=BUCKET,
        ServerSideEncryptionConfiguration={
            "Rules": [
                {
                    "ApplyServerSideEncryptionByDefault": {
                        "SSEAlgorithm": "aws:kms",
                        "KMSMasterKeyID": kms_key,
                    },
                    "BucketKeyEnabled": True,
                }
            ]
        },
    )
    s3.put_bucket_ownership_controls(
        Bucket=BUCKET, OwnershipControls={"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
    )
    s3.put_bucket_versioning(Bucket=BUCKET, VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_lifecycle_configuration(
        Bucket=BUCKET,
        LifecycleConfiguration={
            "Rules": [
                {
                    "ID": "tier-and-expire",
                    "Status": "Enabled",
                    "Filter": {"Prefix": ""},
                    "Transitions": [{"Days": 0, "StorageClass": "INTELLIGENT_TIERING"}],
                    "NoncurrentVersionExpiration": {"NoncurrentDays": 30},
                    "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 7},
                }
            ]
        },
    )
    s3.put_bucket_policy(Bucket=BUCKET, Policy=tls_only(BUCKET))
    s3.put_bucket_tagging(Bucket=BUCKET, Tagging={"TagSet": tag_list()})


def data_key_arn(aws: Any) -> str:
    """The account's data key (log groups and buckets are encrypted with it)."""
    return str(aws("kms").describe_key(KeyId="alias/shop-data")["KeyMetadata"]["Arn"])


def seed(aws: Any) -> None:
    kms = aws("kms")
    key = kms.create_key(Description="shop data", Tags=tag_list("TagKey", "TagValue"))["KeyMetadata"]
    kms.enable_key_rotation(KeyId=key["KeyId"])
    kms.create_alias(AliasName="alias/shop-data", TargetKeyId=key["KeyId"])
    _bucket(aws("s3"), key["Arn"])

    topic = aws("sns").create_topic(
        Name="shop-orders", Attributes={"KmsMasterKeyId": "alias/aws/sns"}, Tags=tag_list()
    )["TopicArn"]
    aws("sns").subscribe(TopicArn=topic, Protocol="email", Endpoint="ops@example.com")
    own_account_only = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                "Action": "sqs:SendMessage",
                "Resource": "*",
            }
        ],
    }
    aws("sqs").create_queue(
        QueueName="shop-jobs",
        Attributes={"SqsManagedSseEnabled": "true", "Policy": json.dumps(own_account_only)},
        tags=TAGS,
    )
    aws("kinesis").create_stream(StreamName="shop-clicks", StreamModeDetails={"StreamMode": "ON_DEMAND"})
    aws("kinesis").start_stream_encryption(
        StreamName="shop-clicks", EncryptionType="KMS", KeyId="alias/aws/kinesis"
    )
    aws("kinesis").add_tags_to_stream(StreamName="shop-clicks", Tags=TAGS)
    aws("kinesis").enable_enhanced_monitoring(
        StreamName="shop-clicks", ShardLevelMetrics=["IncomingBytes", "WriteProvisionedThroughputExceeded"]
    )
    ddb = aws("dynamodb")
    ddb.create_table(
        TableName="shop-carts",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        SSESpecification={"Enabled": True, "SSEType": "KMS"},
        DeletionProtectionEnabled=True,
        Tags=tag_list(),
    )
    ddb.update_continuous_backups(
        TableName="shop-carts", PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True}
    )
    ddb.update_time_to_live(
        TableName="shop-carts", TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires_at"}
    )
    aws("ssm").put_parameter(Name="/shop/prod/db-host", Value="db.internal", Type="String", Tags=tag_list())
