"""Misconfigurations of the clean account's storage, messaging, streams, keys and monitoring."""

from __future__ import annotations

import json
from typing import Any

from tests.generic_account.seed_core import BUCKET
from tests.generic_account.seed_monitoring import ALARM_TOPIC, TRAIL_BUCKET


def _topic_arn(aws: Any, name: str) -> str:
    return next(
        t["TopicArn"] for t in aws("sns").list_topics()["Topics"] if t["TopicArn"].endswith(f":{name}")
    )


def _queue_url(aws: Any) -> str:
    return str(aws("sqs").get_queue_url(QueueName="shop-jobs")["QueueUrl"])


def _open_topic(aws: Any) -> None:
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sns:Publish", "Resource": "*"}
        ],
    }
    aws("sns").set_topic_attributes(
        TopicArn=_topic_arn(aws, "shop-orders"), AttributeName="Policy", AttributeValue=json.dumps(policy)
    )


def _queue_shared_with_foreign_account(aws: Any) -> None:
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::999988887777:root"},
                "Action": "sqs:SendMessage",
                "Resource": "*",
            }
        ],
    }
    aws("sqs").set_queue_attributes(QueueUrl=_queue_url(aws), Attributes={"Policy": json.dumps(policy)})


def _unsubscribe_alarm_topic(aws: Any) -> None:
    sns = aws("sns")
    for s in sns.list_subscriptions_by_topic(TopicArn=_topic_arn(aws, ALARM_TOPIC))["Subscriptions"]:
        sns.unsubscribe(SubscriptionArn=s["SubscriptionArn"])


def _key_id(aws: Any) -> str:
    return str(aws("kms").describe_key(KeyId="alias/shop-data")["KeyMetadata"]["KeyId"])


def _anomaly_subscription_deleted(aws: Any) -> None:
    ce = aws("ce")
    for s in ce.get_anomaly_subscriptions()["AnomalySubscriptions"]:
        ce.delete_anomaly_subscription(SubscriptionArn=s["SubscriptionArn"])


def misconfigurations(M: Any) -> list[Any]:
    return [
        M(
            "Cost anomaly subscription deleted",
            "cost_anomaly_detection",
            "shop-services",
            _anomaly_subscription_deleted,
        ),
        M(
            "S3 bucket public access block removed",
            "s3_public_access_blocked",
            BUCKET,
            lambda aws: aws("s3").delete_public_access_block(Bucket=BUCKET),
        ),
        M(
            "S3 bucket versioning suspended",
            "s3_versioning_enabled",
            BUCKET,
            lambda aws: aws("s3").put_bucket_versioning(
                Bucket=BUCKET, VersioningConfiguration={"Status": "Suspended"}
            ),
        ),
        M(
            "S3 bucket TLS-only policy removed",
            "s3_tls_only_policy",
            BUCKET,
            lambda aws: aws("s3").delete_bucket_policy(Bucket=BUCKET),
        ),
        M(
            "S3 bucket ACLs re-enabled (ObjectWriter)",
            "s3_bucket_ownership_enforced",
            BUCKET,
            lambda aws: aws("s3").put_bucket_ownership_controls(
                Bucket=BUCKET, OwnershipControls={"Rules": [{"ObjectOwnership": "ObjectWriter"}]}
            ),
        ),
        M(
            "S3 trail bucket lifecycle deleted",
            "s3_lifecycle_configured",
            TRAIL_BUCKET,
            lambda aws: aws("s3").delete_bucket_lifecycle(Bucket=TRAIL_BUCKET),
        ),
        M("SNS topic publishable by anyone", "resource_policy_not_public", "shop-orders", _open_topic),
        M(
            "SQS queue shared with a foreign account",
            "resource_policy_not_public",
            "shop-jobs",
            _queue_shared_with_foreign_account,
        ),
        M(
            "SQS queue encryption turned off",
            "sqs_queue_encrypted",
            "shop-jobs",
            lambda aws: aws("sqs").set_queue_attributes(
                QueueUrl=_queue_url(aws), Attributes={"SqsManagedSseEnabled": "false"}
            ),
        ),
        M(
            "Kinesis stream encryption stopped",
            "kinesis_stream_encrypted",
            "shop-clicks",
            lambda aws: aws("kinesis").stop_stream_encryption(
                StreamName="shop-clicks", EncryptionType="KMS", KeyId="alias/aws/kinesis"
            ),
        ),
        M(
            "DynamoDB point-in-time recovery disabled",
            "dynamodb_pitr_enabled",
            "shop-carts",
            lambda aws: aws("dynamodb").update_continuous_backups(
                TableName="shop-carts", PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": False}
            ),
        ),
        M(
            "DynamoDB deletion protection off",
            "dynamodb_deletion_protection",
            "shop-carts",
            lambda aws: aws("dynamodb").update_table(TableName="shop-carts", DeletionProtectionEnabled=False),
        ),
        M(
            "KMS key rotation disabled",
            "kms_key_rotation",
            "key/",
            lambda aws: aws("kms").disable_key_rotation(KeyId=_key_id(aws)),
        ),
        M(
            "CloudTrail log file validation off",
            "cloudtrail_log_validation",
            "shop-audit",
            lambda aws: aws("cloudtrail").update_trail(Name="shop-audit", EnableLogFileValidation=False),
        ),
        M(
            "Alarm topic has no subscriber",
            "sns_alarm_topic_subscribed",
            ALARM_TOPIC,
            _unsubscribe_alarm_topic,
        ),
    ]
