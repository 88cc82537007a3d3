"""Cases for the CIS CloudTrail metric-filter alarms and the messaging dead-letter/TLS checks."""

from __future__ import annotations

import json
from typing import Any

from coattail.review.checks._cis_metric_filters import EVENTS
from coattail.review.inventory import (
    CloudTrailTrail,
    CloudWatchAlarm,
    EventBridgeRule,
    EventTarget,
    LambdaFunction,
    MetricFilter,
    MetricTransformation,
    PolicyDocument,
    SNSSubscription,
    SNSTopic,
    SQSQueue,
)
from coattail.review.model import SourceKind

TOPIC = "arn:aws:sns:us-east-1:123456789012:security-alarms"
GROUP_ARN = "arn:aws:logs:us-east-1:123456789012:log-group:/audit/cloudtrail:*"
QUEUE = "arn:aws:sqs:us-east-1:123456789012:"

CHECK_OF = {
    "root_usage": "cloudtrail_alarm_root_usage",
    "unauthorized_api_calls": "cloudtrail_alarm_unauthorized_api_calls",
    "console_signin_without_mfa": "cloudtrail_alarm_console_signin_without_mfa",
    "iam_policy_changes": "cloudtrail_alarm_iam_policy_changes",
    "cloudtrail_changes": "cloudtrail_alarm_cloudtrail_changes",
    "security_group_changes": "cloudtrail_alarm_security_group_changes",
    "kms_key_disabled_or_deleted": "cloudtrail_alarm_kms_key_deletion",
    "s3_bucket_policy_changes": "cloudtrail_alarm_s3_bucket_policy_changes",
}

#: Hand-written patterns as CIS and Security Hub document them (not the ones the checks suggest).
CIS_PATTERNS = {
    "root_usage": '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && '
    '$.eventType !="AwsServiceEvent"}',
    "unauthorized_api_calls": '{ ($.errorCode ="*UnauthorizedOperation") || ($.errorCode ="AccessDenied*") '
    '&& ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") }',
    "console_signin_without_mfa": '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != '
    '"Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
    "iam_policy_changes": "{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||"
    "($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||"
    "($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||"
    "($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||"
    "($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||"
    "($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}",
    "cloudtrail_changes": "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || "
    "($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }",
    "security_group_changes": "{ ($.eventName = AuthorizeSecurityGroupIngress) || "
    "($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || "
    "($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || "
    "($.eventName = DeleteSecurityGroup) }",
    "kms_key_disabled_or_deleted": "{($.eventSource = kms.amazonaws.com) && (($.eventName=DisableKey)||"
    "($.eventName=ScheduleKeyDeletion)) }",
    "s3_bucket_policy_changes": "{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || "
    "($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || "
    "($.eventName = PutBucketLifecycle) || "
    "($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || "
    "($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || "
    "($.eventName = DeleteBucketReplication)) }",
}

#: A filter for another event than the one judged (matches nothing relevant).
UNRELATED = {k: "root_usage" if k != "root_usage" else "cloudtrail_changes" for k in CHECK_OF}


def _tls_deny(service: str, action: str = "*") -> PolicyDocument:
    doc = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
                "Action": f"{service}:*",
            },
            {
                "Effect": "Deny",
                "Principal": "*",
                "Action": f"{service}:{action}",
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            },
        ],
    }
    parsed = PolicyDocument.parse(json.dumps(doc))
    assert parsed is not None
    return parsed


def cases(b: Any) -> dict[str, list[Any]]:
    R = b.Row
    P, F, U, NA = b.PASS, b.FAIL, b.UNKNOWN, b.NA

    def plan(*unknown: str) -> dict[str, Any]:
        return {"source": SourceKind.TERRAFORM, "unknown_attributes": unknown}

    trail = b.make(
        CloudTrailTrail, "audit", is_multi_region=True, is_logging=True, cloudwatch_log_group_arn=GROUP_ARN
    )
    s3_only = b.make(CloudTrailTrail, "audit", is_multi_region=True, is_logging=True)
    data_trail = b.make(CloudTrailTrail, "data-events", is_logging=True)

    def flt(key: str, pattern: str, group: str = "/audit/cloudtrail") -> MetricFilter:
        return b.make(
            MetricFilter,
            key,
            log_group_name=group,
            filter_pattern=pattern,
            metric_transformations=(MetricTransformation(namespace="CISBenchmark", metric_name=key),),
        )

    def alarm(key: str, **kw: Any) -> CloudWatchAlarm:
        kw.setdefault("actions_enabled", True)
        kw.setdefault("alarm_actions", (TOPIC,))
        return b.make(CloudWatchAlarm, f"{key}-alarm", namespace="CISBenchmark", metric_name=key, **kw)

    out: dict[str, list[Any]] = {}
    for key, check_id in CHECK_OF.items():
        event = EVENTS[key]
        other = UNRELATED[key]
        out[check_id] = [
            # the pattern the check suggests and the one CIS publishes both hold
            R(b.inventory(trail, flt(key, event.example), alarm(key)), {P: {"audit"}}),
            R(b.inventory(trail, data_trail, flt(key, CIS_PATTERNS[key]), alarm(key)), {P: {"audit"}}),
            # no CloudWatch Logs delivery, no filter, a filter for another event, a catch-all filter
            R(b.inventory(s3_only, flt(key, event.example), alarm(key)), {F: {"audit"}}),
            R(b.inventory(trail, flt(other, EVENTS[other].example), alarm(other)), {F: {"audit"}}),
            R(b.inventory(trail, flt(key, "{ $.eventName = * }"), alarm(key)), {F: {"audit"}}),
            R(b.inventory(trail, flt(key, ""), alarm(key)), {F: {"audit"}}),
            # the filter on another log group; an alarm without an action
            R(b.inventory(trail, flt(key, event.example, "/other"), alarm(key)), {F: {"audit"}}),
            R(b.inventory(trail, flt(key, event.example), alarm(key, alarm_actions=())), {F: {"audit"}}),
            R(b.inventory(trail, flt(key, event.example), alarm(key, actions_enabled=False)), {F: {"audit"}}),
            # a pattern outside the understood syntax, a delivery known only after apply
            R(b.inventory(trail, flt(key, "{ $.eventName = %Put.*% }"), alarm(key)), {U: {"audit"}}),
            R(
                b.inventory(
                    b.make(CloudTrailTrail, "audit", **plan("cloudwatch_log_group_arn")),
                    flt(key, event.example),
                    alarm(key),
                ),
                {U: {"audit"}},
            ),
            R(b.inventory(), {NA: {"cloudtrail:CloudTrail trails"}}),
        ]
    # a filter that sees only part of the event (PutBucketPolicy only) does not hold
    out["cloudtrail_alarm_s3_bucket_policy_changes"].append(
        R(
            b.inventory(
                trail,
                flt("s3_bucket_policy_changes", "{ $.eventName = PutBucketPolicy }"),
                alarm("s3_bucket_policy_changes"),
            ),
            {F: {"audit"}},
        )
    )
    # unstructured term patterns are matched on the record's text
    out["cloudtrail_alarm_console_signin_without_mfa"].append(
        R(
            b.inventory(
                trail,
                flt("console_signin_without_mfa", '"ConsoleLogin" "MFAUsed\\": \\"No"'),
                alarm("console_signin_without_mfa"),
            ),
            {P: {"audit"}},
        )
    )

    out["cloudtrail_cloudwatch_logs_integration"] = [
        R(b.inventory(trail), {P: {"audit"}}),
        R(b.inventory(trail, data_trail), {P: {"audit"}, F: {"data-events"}}),
        R(b.inventory(b.make(CloudTrailTrail, "audit", **plan("cloudwatch_log_group_arn"))), {U: {"audit"}}),
        R(b.inventory(), {NA: {"cloudtrail:CloudTrail trails"}}),
    ]

    # -- messaging ---------------------------------------------------------------------------------
    dlq = b.make(SQSQueue, "jobs-dlq")
    jobs = b.make(SQSQueue, "jobs", dead_letter_target_arn=f"{QUEUE}jobs-dlq", max_receive_count=5)
    plain = b.make(SQSQueue, "plain")
    fn_dlq = b.make(SQSQueue, "fn-dlq")
    fn = b.make(LambdaFunction, "fn", dead_letter_target_arn=f"{QUEUE}fn-dlq")
    planned = b.make(
        SQSQueue, "planned", dead_letter_target_arn="(known after apply)", **plan("redrive_policy")
    )
    out["sqs_queue_dead_letter"] = [
        R(b.inventory(jobs, dlq, fn_dlq, fn), {P: {"jobs", "jobs-dlq", "fn-dlq"}}),
        R(b.inventory(jobs, dlq, plain), {P: {"jobs", "jobs-dlq"}, F: {"plain"}}),
        R(b.inventory(fn_dlq), {F: {"fn-dlq"}}),
        # a redrive target known only after apply: that queue holds, the others may be its DLQ
        R(b.inventory(planned, plain), {P: {"planned"}, U: {"plain"}}),
        R(b.inventory(), {NA: {"sqs:SQS queues"}}),
    ]

    def sub(protocol: str, endpoint: str, dlq_arn: str | None = None, read: bool = True) -> SNSSubscription:
        return SNSSubscription(
            protocol=protocol,
            endpoint=endpoint,
            arn=f"{TOPIC}:{endpoint.rsplit(':', 1)[-1]}",
            dead_letter_target_arn=dlq_arn,
            attributes_read=read,
        )

    def topic(name: str, *subs: SNSSubscription) -> SNSTopic:
        return b.make(SNSTopic, name, subscriptions=subs)

    to_queue = sub("sqs", f"{QUEUE}inbox", f"{QUEUE}inbox-dlq")
    to_fn = sub("lambda", "arn:aws:lambda:us-east-1:123456789012:function:fan", f"{QUEUE}fan-dlq")
    email = SNSSubscription(protocol="email", endpoint="ops@example.com")
    out["sns_subscription_dead_letter"] = [
        R(b.inventory(topic("orders", to_queue, to_fn, email), topic("mail", email)), {P: {"orders"}}),
        R(
            b.inventory(topic("orders", to_queue), topic("bare", sub("sqs", f"{QUEUE}bare"))),
            {P: {"orders"}, F: {"bare"}},
        ),
        R(b.inventory(topic("orders", sub("sqs", f"{QUEUE}inbox", read=False))), {U: {"orders"}}),
        R(b.inventory(topic("mail", email)), {NA: {"sns:SNS topics with SQS or Lambda subscriptions"}}),
    ]

    def target(tid: str, **kw: Any) -> EventTarget:
        return EventTarget(id=tid, arn="arn:aws:states:us-east-1:123456789012:stateMachine:batch", **kw)

    good = target("sfn", dead_letter_arn=f"{QUEUE}events-dlq", retry_max_attempts=8)
    aged = target("aged", dead_letter_arn=f"{QUEUE}events-dlq", retry_max_event_age_seconds=3600)
    no_dlq = target("no-dlq", retry_max_attempts=8)
    no_retry = target("no-retry", dead_letter_arn=f"{QUEUE}events-dlq")

    def rule(name: str, *targets: EventTarget) -> EventBridgeRule:
        return b.make(EventBridgeRule, name, state="ENABLED", targets=targets)

    out["eventbridge_target_dead_letter"] = [
        R(b.inventory(rule("nightly", good, aged), rule("idle")), {P: {"nightly"}}),
        R(b.inventory(rule("nightly", good), rule("lossy", good, no_dlq)), {P: {"nightly"}, F: {"lossy"}}),
        R(b.inventory(rule("unbounded", no_retry)), {F: {"unbounded"}}),
        R(b.inventory(rule("idle")), {NA: {"events:EventBridge rules with targets"}}),
    ]

    out["sqs_queue_tls_only_policy"] = [
        R(b.inventory(b.make(SQSQueue, "jobs", policy=_tls_deny("sqs"))), {P: {"jobs"}}),
        R(
            b.inventory(
                b.make(SQSQueue, "jobs", policy=_tls_deny("sqs")),
                b.make(SQSQueue, "partial", policy=_tls_deny("sqs", "SendMessage")),
                b.make(SQSQueue, "open"),
            ),
            {P: {"jobs"}, F: {"partial", "open"}},
        ),
        R(b.inventory(b.make(SQSQueue, "jobs", **plan("policy"))), {U: {"jobs"}}),
    ]
    out["sns_topic_tls_only_policy"] = [
        R(b.inventory(b.make(SNSTopic, "orders", policy=_tls_deny("sns"))), {P: {"orders"}}),
        R(
            b.inventory(
                b.make(SNSTopic, "orders", policy=_tls_deny("sns")),
                b.make(SNSTopic, "publish", policy=_tls_deny("SNS", "Publish")),
                b.make(SNSTopic, "subscribe", policy=_tls_deny("sns", "Subscribe")),
                b.make(SNSTopic, "open"),
            ),
            {P: {"orders", "publish"}, F: {"subscribe", "open"}},
        ),
        R(b.inventory(b.make(SNSTopic, "orders", **plan("policy"))), {U: {"orders"}}),
    ]
    return out
