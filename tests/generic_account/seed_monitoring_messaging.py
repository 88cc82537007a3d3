"""The clean account's security-event alarms and messaging safety nets.

CloudTrail delivers to a CloudWatch Logs group with one metric filter and alarm per CIS
AWS Foundations "Monitoring" event; queues redrive to dead-letter queues, the SNS queue subscription
and the EventBridge target have a dead-letter queue (and the target a retry policy); every queue and
topic policy denies requests without TLS.
"""

from __future__ import annotations

import json
from typing import Any

from tests.generic_account.seed_core import ACCOUNT, TAGS, data_key_arn, tag_list
from tests.generic_account.seed_monitoring import ALARM_TOPIC

ORDER = 90  # after the trail, the alarm topic, the queues and topics of the other seeds
TRAIL = "shop-audit"
TRAIL_LOG_GROUP = "/shop/audit/cloudtrail"
TRAIL_LOGS_ROLE = "shop-cloudtrail-logs"
NAMESPACE = "ShopSecurity"
RULE = "shop-nightly-report"
JOBS_DLQ = "shop-jobs-dlq"
EVENTS_DLQ = "shop-events-dlq"
QUEUES = ("shop-jobs", "shop-checkout-dlq", JOBS_DLQ, EVENTS_DLQ)
TOPICS = ("shop-orders", ALARM_TOPIC)


def _any_of(*names: str, source: str | None = None) -> str:
    calls = " || ".join(f"($.eventName = {n})" for n in names)
    return f"{{ ($.eventSource = {source}) && ({calls}) }}" if source else f"{{ {calls} }}"


#: One metric filter per security event (the CIS AWS Foundations patterns).
FILTERS = {
    "root-usage": '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS '
    '&& $.eventType != "AwsServiceEvent" }',
    "unauthorized-api-calls": '{ ($.errorCode = "*UnauthorizedOperation") || '
    '($.errorCode = "AccessDenied*") }',
    "console-signin-without-mfa": '{ ($.eventName = "ConsoleLogin") && '
    '($.additionalEventData.MFAUsed != "Yes") }',
    "iam-policy-changes": _any_of(
        *(f"{verb}{kind}Policy" for verb in ("Delete", "Put") for kind in ("Group", "Role", "User")),
        *("CreatePolicy", "DeletePolicy", "CreatePolicyVersion", "DeletePolicyVersion"),
        *(f"{verb}{kind}Policy" for verb in ("Attach", "Detach") for kind in ("Role", "User", "Group")),
    ),
    "cloudtrail-changes": _any_of("CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging"),
    "security-group-changes": _any_of(
        *(f"{verb}SecurityGroup{way}" for verb in ("Authorize", "Revoke") for way in ("Ingress", "Egress")),
        "CreateSecurityGroup",
        "DeleteSecurityGroup",
    ),
    "kms-key-disabled-or-deleted": _any_of("DisableKey", "ScheduleKeyDeletion", source="kms.amazonaws.com"),
    "s3-bucket-policy-changes": _any_of(
        *(
            f"{verb}Bucket{what}"
            for verb in ("Put", "Delete")
            for what in ("Policy", "Cors", "Lifecycle", "Replication")
        ),
        "PutBucketAcl",
        source="s3.amazonaws.com",
    ),
}


def topic_arn(name: str) -> str:
    return f"arn:aws:sns:us-east-1:{ACCOUNT}:{name}"


def queue_arn(name: str) -> str:
    return f"arn:aws:sqs:us-east-1:{ACCOUNT}:{name}"


def tls_deny(service: str, resource: str) -> dict[str, Any]:
    return {
        "Sid": "TlsOnly",
        "Effect": "Deny",
        "Principal": "*",
        "Action": f"{service}:*",
        "Resource": resource,
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }


def queue_policy(name: str, *, tls: bool = True) -> str:
    arn = queue_arn(name)
    statements: list[dict[str, Any]] = [
        {
            "Sid": "OwnAccount",
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
            "Action": "sqs:SendMessage",
            "Resource": arn,
        }
    ]
    if name == "shop-jobs":  # the orders topic and the nightly rule deliver to it
        for service, source in (("sns", topic_arn("shop-orders")), ("events", _rule_arn())):
            statements.append(
                {
                    "Sid": f"From{service.capitalize()}",
                    "Effect": "Allow",
                    "Principal": {"Service": f"{service}.amazonaws.com"},
                    "Action": "sqs:SendMessage",
                    "Resource": arn,
                    "Condition": {"ArnEquals": {"aws:SourceArn": source}},
                }
            )
    if tls:
        statements.append(tls_deny("sqs", arn))
    return json.dumps({"Version": "2012-10-17", "Statement": statements})


def topic_policy(name: str, *, tls: bool = True) -> str:
    arn = topic_arn(name)
    statements: list[dict[str, Any]] = [
        {
            "Sid": "OwnAccount",
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
            "Action": ["sns:Publish", "sns:Subscribe", "sns:GetTopicAttributes"],
            "Resource": arn,
        }
    ]
    if tls:
        statements.append(tls_deny("sns", arn))
    return json.dumps({"Version": "2012-10-17", "Statement": statements})


def _rule_arn() -> str:
    return f"arn:aws:events:us-east-1:{ACCOUNT}:rule/{RULE}"


def _queue_url(aws: Any, name: str) -> str:
    return str(aws("sqs").get_queue_url(QueueName=name)["QueueUrl"])


def _trail_to_logs(aws: Any) -> None:
    logs = aws("logs")
    logs.create_log_group(logGroupName=TRAIL_LOG_GROUP, kmsKeyId=data_key_arn(aws), tags=TAGS)
    logs.put_retention_policy(logGroupName=TRAIL_LOG_GROUP, retentionInDays=90)
    group_arn = f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:{TRAIL_LOG_GROUP}"
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "cloudtrail.amazonaws.com"},
                "Action": "sts:AssumeRole",
                "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}},
            }
        ],
    }
    iam = aws("iam")
    role = iam.create_role(
        RoleName=TRAIL_LOGS_ROLE, AssumeRolePolicyDocument=json.dumps(trust), Tags=tag_list()
    )["Role"]["Arn"]
    deliver = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                "Resource": f"{group_arn}:log-stream:*",
            }
        ],
    }
    iam.put_role_policy(RoleName=TRAIL_LOGS_ROLE, PolicyName="deliver", PolicyDocument=json.dumps(deliver))
    aws("cloudtrail").update_trail(
        Name=TRAIL, CloudWatchLogsLogGroupArn=f"{group_arn}:*", CloudWatchLogsRoleArn=role
    )
    cw = aws("cloudwatch")
    for name, pattern in FILTERS.items():
        logs.put_metric_filter(
            logGroupName=TRAIL_LOG_GROUP,
            filterName=name,
            filterPattern=pattern,
            metricTransformations=[{"metricName": name, "metricNamespace": NAMESPACE, "metricValue": "1"}],
        )
        cw.put_metric_alarm(
            AlarmName=f"shop-security-{name}",
            Namespace=NAMESPACE,
            MetricName=name,
            Statistic="Sum",
            Period=300,
            EvaluationPeriods=1,
            Threshold=1,
            ComparisonOperator="GreaterThanOrEqualToThreshold",
            TreatMissingData="notBreaching",
            AlarmActions=[topic_arn(ALARM_TOPIC)],
            Tags=tag_list(),
        )


def _messaging(aws: Any) -> None:
    sqs = aws("sqs")
    for dlq in (JOBS_DLQ, EVENTS_DLQ):
        sqs.create_queue(
            QueueName=dlq,
            Attributes={"SqsManagedSseEnabled": "true", "MessageRetentionPeriod": "1209600"},
            tags=TAGS,
        )
    redrive = {"deadLetterTargetArn": queue_arn(JOBS_DLQ), "maxReceiveCount": "5"}
    sqs.set_queue_attributes(
        QueueUrl=_queue_url(aws, "shop-jobs"), Attributes={"RedrivePolicy": json.dumps(redrive)}
    )
    for name in QUEUES:
        sqs.set_queue_attributes(QueueUrl=_queue_url(aws, name), Attributes={"Policy": queue_policy(name)})
    sns = aws("sns")
    for name in TOPICS:
        sns.set_topic_attributes(
            TopicArn=topic_arn(name), AttributeName="Policy", AttributeValue=topic_policy(name)
        )
    sns.subscribe(
        TopicArn=topic_arn("shop-orders"),
        Protocol="sqs",
        Endpoint=queue_arn("shop-jobs"),
        Attributes={"RedrivePolicy": json.dumps({"deadLetterTargetArn": queue_arn(JOBS_DLQ)})},
    )
    events = aws("events")
    events.put_rule(Name=RULE, ScheduleExpression="cron(0 3 * * ? *)", State="ENABLED", Tags=tag_list())
    events.put_targets(Rule=RULE, Targets=[nightly_target()])


def nightly_target(*, dead_letter: bool = True) -> dict[str, Any]:
    target: dict[str, Any] = {
        "Id": "jobs",
        "Arn": queue_arn("shop-jobs"),
        "RetryPolicy": {"MaximumRetryAttempts": 8, "MaximumEventAgeInSeconds": 3600},
    }
    if dead_letter:
        target["DeadLetterConfig"] = {"Arn": queue_arn(EVENTS_DLQ)}
    return target


def seed(aws: Any) -> None:
    _trail_to_logs(aws)
    _messaging(aws)
