"""Terraform -> inventory: CloudWatch alarms/dashboards, log groups, SNS, SQS, SSM parameters."""

from __future__ import annotations

import json

from coattail.review.collectors.live.specs.monitoring import metric_query_label
from coattail.review.collectors.terraform.context import TfContext, derive_arn
from coattail.review.collectors.terraform.loader import TfResource
from coattail.review.collectors.values import as_bool, as_float, as_int, blank, sorted_strs
from coattail.review.inventory import (
    CloudWatchAlarm,
    CloudWatchDashboard,
    LogGroup,
    MetricFilter,
    MetricTransformation,
    PolicyDocument,
    Resource,
    SNSSubscription,
    SNSTopic,
    SQSQueue,
    SSMParameter,
    parse_dashboard_body,
)


def metric_alarm(ctx: TfContext, r: TfResource) -> Resource:
    return CloudWatchAlarm(
        **ctx.base(r, arn=r.get("arn"), name=r.get("alarm_name", r.name)),
        namespace=blank(r.get("namespace")),
        metric_name=blank(r.get("metric_name")),
        statistic=blank(r.get("statistic")),
        extended_statistic=blank(r.get("extended_statistic")),
        dimensions={str(k): str(v) for k, v in (r.get("dimensions") or {}).items()},
        period=as_int(r.get("period")) or None,
        evaluation_periods=as_int(r.get("evaluation_periods")),
        datapoints_to_alarm=as_int(r.get("datapoints_to_alarm")) or None,
        threshold=as_float(r.get("threshold")) if not blank(r.get("threshold_metric_id")) else None,
        threshold_metric_id=blank(r.get("threshold_metric_id")),
        comparison_operator=r.get("comparison_operator"),
        treat_missing_data=r.get("treat_missing_data") or "missing",
        actions_enabled=as_bool(r.get("actions_enabled")) if r.get("actions_enabled") is not None else True,
        alarm_actions=sorted_strs(r.get("alarm_actions")),
        ok_actions=sorted_strs(r.get("ok_actions")),
        insufficient_data_actions=sorted_strs(r.get("insufficient_data_actions")),
        metric_queries=sorted_strs(metric_query_label(q) for q in r.get("metric_query", [])),
    )


def dashboard(ctx: TfContext, r: TfResource) -> Resource:
    return CloudWatchDashboard(
        **ctx.base(r, arn=r.get("dashboard_arn"), name=r.get("dashboard_name", r.name)),
        widgets=parse_dashboard_body(blank(r.get("dashboard_body"))),
    )


def log_group(ctx: TfContext, r: TfResource) -> Resource:
    arn = r.get("arn")
    return LogGroup(
        **ctx.base(r, arn=arn.removesuffix(":*") if arn else None, name=r.get("name", r.name)),
        retention_days=as_int(r.get("retention_in_days")) or None,
        kms_key_id=blank(r.get("kms_key_id")),
        log_group_class=r.get("log_group_class") or "STANDARD",
    )


#: A value the plan sets from another resource's attribute, known only after apply.
AFTER_APPLY = "(known after apply)"


def redrive(value: object) -> dict[str, object]:
    """A redrive policy: its JSON, or the bare queue ARN the plan's ARN resolution put in its place
    (``jsonencode({deadLetterTargetArn = aws_sqs_queue.dlq.arn, ...})`` whose ARN a plan lacks)."""
    text = blank(value)
    if not text:
        return {}
    if text.startswith("arn:"):
        return {"deadLetterTargetArn": text}
    parsed = json.loads(text)
    return parsed if isinstance(parsed, dict) else {}


def configured_after_apply(r: TfResource, attribute: str) -> bool:
    """A plan leaves ``attribute`` to apply *and* the configuration sets it from other resources.

    (A computed attribute the configuration does not set is unknown in a plan too: that one is unset.)
    """
    return attribute in r.unknown and bool(r.references.get(attribute))


def _subscription(s: TfResource) -> SNSSubscription:
    target = blank(redrive(s.get("redrive_policy")).get("deadLetterTargetArn"))
    return SNSSubscription(
        protocol=s.get("protocol", ""),
        endpoint=s.get("endpoint"),
        arn=s.get("arn") if str(s.get("arn", "")).startswith("arn:") else None,
        # a redrive policy built from a queue ARN that exists only after apply is still configured
        dead_letter_target_arn=target
        or (AFTER_APPLY if configured_after_apply(s, "redrive_policy") else None),
        attributes_read=True,
    )


def metric_filter(ctx: TfContext, r: TfResource) -> Resource:
    name = r.get("name", r.name)
    group = r.get("log_group_name")
    arn = (
        f"arn:{ctx.partition}:logs:{ctx.region}:{ctx.account}:log-group:{group}:metric-filter:{name}"
        if group and ctx.account and ctx.region
        else None
    )
    return MetricFilter(
        **ctx.base(r, arn=arn, name=name),
        log_group_name=blank(group),
        filter_pattern=r.get("pattern") or "",
        metric_transformations=tuple(
            MetricTransformation(namespace=t.get("namespace", ""), metric_name=t.get("name", ""))
            for t in r.get("metric_transformation", [])
        ),
    )


def sns_topic(ctx: TfContext, r: TfResource) -> Resource:
    # In a plan the ARN is unknown, but subscriptions' topic_arn references are filled with the
    # ARN derived from the name: join on that too.
    arn = r.get("arn") or derive_arn(r, ctx.partition, ctx.region, ctx.account)
    keys = (arn, r.get("id"))
    subs = [_subscription(s) for s in ctx.related("aws_sns_topic_subscription", "topic_arn", r, keys)]
    policy_res = ctx.related("aws_sns_topic_policy", "arn", r, keys)
    policy = policy_res[0].get("policy") if policy_res else r.get("policy")
    return SNSTopic(
        **ctx.base(r, arn=arn, name=r.get("name", r.name)),
        kms_master_key_id=blank(r.get("kms_master_key_id")),
        subscriptions=tuple(sorted(subs, key=lambda s: (s.protocol, s.endpoint or ""))),
        policy=PolicyDocument.parse(blank(policy)),
    )


def sqs_queue(ctx: TfContext, r: TfResource) -> Resource:
    redrive_policy = redrive(r.get("redrive_policy"))
    keys = tuple(k for k in (r.get("url"), r.get("id")) if k)
    policy_res = ctx.related("aws_sqs_queue_policy", "queue_url", r, keys)
    policy = policy_res[0].get("policy") if policy_res else r.get("policy")
    return SQSQueue(
        **ctx.base(r, arn=r.get("arn"), name=r.get("name", r.name)),
        url=r.get("url") or r.get("id"),
        kms_master_key_id=blank(r.get("kms_master_key_id")),
        sqs_managed_sse=bool(r.get("sqs_managed_sse_enabled", False)),
        retention_seconds=as_int(r.get("message_retention_seconds")),
        visibility_timeout_seconds=as_int(r.get("visibility_timeout_seconds")),
        dead_letter_target_arn=blank(redrive_policy.get("deadLetterTargetArn"))
        or (AFTER_APPLY if configured_after_apply(r, "redrive_policy") else None),
        max_receive_count=as_int(redrive_policy.get("maxReceiveCount")),
        policy=PolicyDocument.parse(blank(policy)),
    )


def ssm_parameter(ctx: TfContext, r: TfResource) -> Resource:
    # The value (and insecure_value) is never read: an inventory holds no parameter values.
    ptype = r.get("type")
    return SSMParameter(
        **ctx.base(r, arn=r.get("arn"), name=r.get("name", r.name)),
        parameter_type=ptype,
        tier=r.get("tier") or "Standard",
        data_type=r.get("data_type") or "text",
        kms_key_id=blank(r.get("key_id")) if ptype == "SecureString" else None,
    )


NORMALISERS = {
    "aws_cloudwatch_metric_alarm": metric_alarm,
    "aws_cloudwatch_dashboard": dashboard,
    "aws_cloudwatch_log_group": log_group,
    "aws_cloudwatch_log_metric_filter": metric_filter,
    "aws_sns_topic": sns_topic,
    "aws_sqs_queue": sqs_queue,
    "aws_ssm_parameter": ssm_parameter,
}
