"""Misconfigurations of the clean account's security-event alarms and messaging safety nets."""

from __future__ import annotations

from typing import Any

from tests.generic_account.seed_core import TAGS
from tests.generic_account.seed_monitoring_messaging import (
    RULE,
    TRAIL,
    TRAIL_LOG_GROUP,
    nightly_target,
    queue_arn,
    queue_policy,
    topic_arn,
    topic_policy,
)


def _delete_filter(name: str) -> Any:
    return lambda aws: aws("logs").delete_metric_filter(logGroupName=TRAIL_LOG_GROUP, filterName=name)


def _repattern(name: str, pattern: str) -> Any:
    def apply(aws: Any) -> None:
        # PutMetricFilter replaces a filter of the same name; the emulator (moto 5.2.5) adds a second
        # one instead, so remove the old filter first (the same end state)
        aws("logs").delete_metric_filter(logGroupName=TRAIL_LOG_GROUP, filterName=name)
        aws("logs").put_metric_filter(
            logGroupName=TRAIL_LOG_GROUP,
            filterName=name,
            filterPattern=pattern,
            metricTransformations=[
                {"metricName": name, "metricNamespace": "ShopSecurity", "metricValue": "1"}
            ],
        )

    return apply


def _queue_without_dead_letter(aws: Any) -> None:
    url = aws("sqs").create_queue(
        QueueName="shop-exports", Attributes={"SqsManagedSseEnabled": "true"}, tags=TAGS
    )["QueueUrl"]
    aws("sqs").set_queue_attributes(QueueUrl=url, Attributes={"Policy": queue_policy("shop-exports")})


def _subscription_without_dead_letter(aws: Any) -> None:
    aws("sns").subscribe(
        TopicArn=topic_arn("shop-alarms"), Protocol="sqs", Endpoint=queue_arn("shop-checkout-dlq")
    )


def misconfigurations(M: Any) -> list[Any]:
    return [
        M(
            "CloudTrail stops delivering to CloudWatch Logs",
            "cloudtrail_cloudwatch_logs_integration",
            TRAIL,
            lambda aws: aws("cloudtrail").update_trail(
                Name=TRAIL, CloudWatchLogsLogGroupArn="", CloudWatchLogsRoleArn=""
            ),
        ),
        M(
            "Root-usage metric filter deleted",
            "cloudtrail_alarm_root_usage",
            TRAIL,
            _delete_filter("root-usage"),
        ),
        M(
            "Unauthorized-call filter rewritten to match console sign-ins",
            "cloudtrail_alarm_unauthorized_api_calls",
            TRAIL,
            _repattern("unauthorized-api-calls", '{ $.eventName = "ConsoleLogin" }'),
        ),
        M(
            "No-MFA sign-in alarm's actions disabled",
            "cloudtrail_alarm_console_signin_without_mfa",
            TRAIL,
            lambda aws: aws("cloudwatch").disable_alarm_actions(
                AlarmNames=["shop-security-console-signin-without-mfa"]
            ),
        ),
        M(
            "IAM policy change alarm deleted",
            "cloudtrail_alarm_iam_policy_changes",
            TRAIL,
            lambda aws: aws("cloudwatch").delete_alarms(AlarmNames=["shop-security-iam-policy-changes"]),
        ),
        M(
            "CloudTrail change filter deleted",
            "cloudtrail_alarm_cloudtrail_changes",
            TRAIL,
            _delete_filter("cloudtrail-changes"),
        ),
        M(
            "Security group change filter matches every call",
            "cloudtrail_alarm_security_group_changes",
            TRAIL,
            _repattern("security-group-changes", "{ $.eventName = * }"),
        ),
        M(
            "KMS key deletion filter deleted",
            "cloudtrail_alarm_kms_key_deletion",
            TRAIL,
            _delete_filter("kms-key-disabled-or-deleted"),
        ),
        M(
            "Bucket policy filter watches PutBucketPolicy only",
            "cloudtrail_alarm_s3_bucket_policy_changes",
            TRAIL,
            _repattern("s3-bucket-policy-changes", "{ $.eventName = PutBucketPolicy }"),
        ),
        M(
            "Queue without a dead-letter queue",
            "sqs_queue_dead_letter",
            "shop-exports",
            _queue_without_dead_letter,
        ),
        M(
            "SNS queue subscription without a dead-letter queue",
            "sns_subscription_dead_letter",
            "shop-alarms",
            _subscription_without_dead_letter,
        ),
        M(
            "EventBridge target without a dead-letter queue",
            "eventbridge_target_dead_letter",
            RULE,
            lambda aws: aws("events").put_targets(Rule=RULE, Targets=[nightly_target(dead_letter=False)]),
        ),
        M(
            "Queue policy allows plain HTTP",
            "sqs_queue_tls_only_policy",
            "shop-jobs",
            lambda aws: aws("sqs").set_queue_attributes(
                QueueUrl=aws("sqs").get_queue_url(QueueName="shop-jobs")["QueueUrl"],
                Attributes={"Policy": queue_policy("shop-jobs", tls=False)},
            ),
        ),
        M(
            "Topic policy allows plain HTTP",
            "sns_topic_tls_only_policy",
            "shop-orders",
            lambda aws: aws("sns").set_topic_attributes(
                TopicArn=topic_arn("shop-orders"),
                AttributeName="Policy",
                AttributeValue=topic_policy("shop-orders", tls=False),
            ),
        ),
    ]
