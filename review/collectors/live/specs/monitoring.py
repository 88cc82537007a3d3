"""CloudWatch alarms and dashboards, log groups, SNS, SQS and SSM parameters."""

from __future__ import annotations

import json
from typing import Any

from coattail.review.collectors.live.spec import Context, Detail, Raw, ResourceSpec, tags_from_list
from coattail.review.collectors.values import as_bool, as_float, as_int, blank, sorted_strs
from coattail.review.inventory import (
    CloudWatchAlarm,
    CloudWatchDashboard,
    LogGroup,
    MetricFilter,
    MetricTransformation,
    PolicyDocument,
    SNSSubscription,
    SNSTopic,
    SQSQueue,
    SSMParameter,
    parse_dashboard_body,
)
from coattail.review.model import SourceKind

LIVE = SourceKind.LIVE


def _queried_metric(q: dict[str, Any]) -> str:
    """``Namespace:MetricName`` of a query's metric (API ``MetricStat.Metric``, Terraform ``metric``)."""
    metric = (q.get("metricstat") or {}).get("Metric") or q.get("metric") or {}
    if isinstance(metric, list):
        metric = metric[0] if metric else {}
    m = {k.lower(): v for k, v in metric.items()}
    name = m.get("metricname") or m.get("metric_name") or ""
    return f"{m.get('namespace') or ''}:{name}" if name else ""


def metric_query_label(q: dict[str, Any]) -> str:
    """A stable text for one metric-math query (API or Terraform shape, keys lower-cased):
    ``id=expression`` or ``id=Namespace:MetricName`` (so checks can tell which metric a query reads)."""
    q = {k.lower(): v for k, v in q.items()}
    label = q.get("expression") or _queried_metric(q)
    return f"{q.get('id', '')}={label}" if label else str(q.get("id", ""))


def _alarm(raw: Raw, ctx: Context) -> CloudWatchAlarm:
    a = raw["item"]
    return CloudWatchAlarm(
        id=a["AlarmArn"],
        name=a["AlarmName"],
        source=LIVE,
        region=ctx.region,
        account=ctx.account,
        tags=tags_from_list(raw.get("tags")),
        namespace=blank(a.get("Namespace")),
        metric_name=blank(a.get("MetricName")),
        statistic=blank(a.get("Statistic")),
        extended_statistic=blank(a.get("ExtendedStatistic")),
        dimensions={d["Name"]: d["Value"] for d in a.get("Dimensions") or ()},
        period=as_int(a.get("Period")),
        evaluation_periods=as_int(a.get("EvaluationPeriods")),
        datapoints_to_alarm=as_int(a.get("DatapointsToAlarm")),
        threshold=as_float(a.get("Threshold")),
        threshold_metric_id=blank(a.get("ThresholdMetricId")),
        comparison_operator=a.get("ComparisonOperator"),
        treat_missing_data=a.get("TreatMissingData", "missing"),
        actions_enabled=as_bool(a.get("ActionsEnabled")),
        alarm_actions=sorted_strs(a.get("AlarmActions")),
        ok_actions=sorted_strs(a.get("OKActions")),
        insufficient_data_actions=sorted_strs(a.get("InsufficientDataActions")),
        metric_queries=sorted_strs(metric_query_label(q) for q in a.get("Metrics") or ()),
    )


ALARMS = ResourceSpec(
    model=CloudWatchAlarm,
    service="cloudwatch",
    list_operation="describe_alarms",
    list_params={"AlarmTypes": ["MetricAlarm"]},
    list_path="MetricAlarms",
    details=(
        Detail("tags", "list_tags_for_resource", lambda r: {"ResourceARN": r["item"]["AlarmArn"]}, "Tags"),
    ),
    normalise=_alarm,
)


def _dashboard(raw: Raw, ctx: Context) -> CloudWatchDashboard:
    d = raw["item"]
    return CloudWatchDashboard(
        id=d["DashboardArn"],
        name=d["DashboardName"],
        source=LIVE,
        region=ctx.region,
        account=ctx.account,
        widgets=parse_dashboard_body(raw.get("body")),
    )


DASHBOARDS = ResourceSpec(
    model=CloudWatchDashboard,
    service="cloudwatch",
    list_operation="list_dashboards",
    list_path="DashboardEntries",
    details=(
        Detail(
            "body", "get_dashboard", lambda r: {"DashboardName": r["item"]["DashboardName"]}, "DashboardBody"
        ),
    ),
    normalise=_dashboard,
)


def _log_group(raw: Raw, ctx: Context) -> LogGroup:
    g = raw["item"]
    arn = g.get("arn") or f"arn:{ctx.partition}:logs:{ctx.region}:{ctx.account}:log-group:{g['logGroupName']}"
    return LogGroup(
        id=arn.removesuffix(":*"),
        name=g["logGroupName"],
        source=LIVE,
        region=ctx.region,
        account=ctx.account,
        tags=dict(raw.get("tags") or {}),
        retention_days=as_int(g.get("retentionInDays")),
        kms_key_id=blank(g.get("kmsKeyId")),
        log_group_class=g.get("logGroupClass", "STANDARD"),
    )


LOG_GROUPS = ResourceSpec(
    model=LogGroup,
    service="logs",
    list_operation="describe_log_groups",
    list_path="logGroups",
    details=(
        Detail("tags", "list_tags_log_group", lambda r: {"logGroupName": r["item"]["logGroupName"]}, "tags"),
    ),
    normalise=_log_group,
)


def metric_filter_id(ctx: Context, log_group: str, name: str) -> str:
    """Metric filters have no ARN: the log group's ARN plus the filter name identifies one."""
    return f"arn:{ctx.partition}:logs:{ctx.region}:{ctx.account}:log-group:{log_group}:metric-filter:{name}"


def _metric_filter(raw: Raw, ctx: Context) -> MetricFilter:
    f = raw["item"]
    return MetricFilter(
        id=metric_filter_id(ctx, f["logGroupName"], f["filterName"]),
        name=f["filterName"],
        source=LIVE,
        region=ctx.region,
        account=ctx.account,
        log_group_name=f["logGroupName"],
        filter_pattern=f.get("filterPattern") or "",
        metric_transformations=tuple(
            MetricTransformation(namespace=t["metricNamespace"], metric_name=t["metricName"])
            for t in f.get("metricTransformations") or ()
        ),
    )


METRIC_FILTERS = ResourceSpec(
    model=MetricFilter,
    service="logs",
    list_operation="describe_metric_filters",
    list_path="metricFilters",
    normalise=_metric_filter,
)


def _redrive_target(attributes: Any) -> str | None:
    policy = (attributes or {}).get("RedrivePolicy")
    return json.loads(policy).get("deadLetterTargetArn") if policy else None


def _subscription(s: dict[str, Any], attributes: dict[str, Any]) -> SNSSubscription:
    arn = s.get("SubscriptionArn") if str(s.get("SubscriptionArn", "")).startswith("arn:") else None
    read = arn is not None and arn in attributes
    return SNSSubscription(
        protocol=s["Protocol"],
        endpoint=s.get("Endpoint"),
        arn=arn,
        dead_letter_target_arn=_redrive_target(attributes[arn]) if arn is not None and read else None,
        attributes_read=read,
    )


def _subscription_attribute_calls(r: Raw) -> list[dict[str, Any]]:
    return [
        {"SubscriptionArn": s["SubscriptionArn"]}
        for s in r.get("subscriptions") or ()
        if str(s.get("SubscriptionArn", "")).startswith("arn:")
    ]


def _topic(raw: Raw, ctx: Context) -> SNSTopic:
    arn = raw["item"]["TopicArn"]
    attrs = raw.get("attributes") or {}
    calls = _subscription_attribute_calls(raw)
    answers = raw.get("subscription_attributes") or []
    sub_attributes = {c["SubscriptionArn"]: a for c, a in zip(calls, answers, strict=False) if a is not None}
    return SNSTopic(
        id=arn,
        name=arn.rsplit(":", 1)[-1],
        source=LIVE,
        region=ctx.region,
        account=ctx.account,
        tags=tags_from_list(raw.get("tags")),
        kms_master_key_id=blank(attrs.get("KmsMasterKeyId")),
        subscriptions=tuple(
            sorted(
                (_subscription(s, sub_attributes) for s in raw.get("subscriptions") or ()),
                key=lambda s: (s.protocol, s.endpoint or ""),
            )
        ),
        policy=PolicyDocument.parse(attrs.get("Policy")),
    )


SNS_TOPICS = ResourceSpec(
    model=SNSTopic,
    service="sns",
    list_operation="list_topics",
    list_path="Topics",
    details=(
        Detail(
            "attributes", "get_topic_attributes", lambda r: {"TopicArn": r["item"]["TopicArn"]}, "Attributes"
        ),
        Detail(
            "subscriptions",
            "list_subscriptions_by_topic",
            lambda r: {"TopicArn": r["item"]["TopicArn"]},
            "Subscriptions",
        ),
        Detail(
            "subscription_attributes",
            "get_subscription_attributes",
            _subscription_attribute_calls,
            "Attributes",
            missing=("NotFound",),
        ),
        Detail("tags", "list_tags_for_resource", lambda r: {"ResourceArn": r["item"]["TopicArn"]}, "Tags"),
    ),
    normalise=_topic,
)


def _queue(raw: Raw, ctx: Context) -> SQSQueue:
    url = raw["item"]
    a = raw.get("attributes") or {}
    redrive = json.loads(a["RedrivePolicy"]) if a.get("RedrivePolicy") else {}
    return SQSQueue(
        id=a.get("QueueArn") or url,
        name=url.rstrip("/").rsplit("/", 1)[-1],
        source=LIVE,
        region=ctx.region,
        account=ctx.account,
        tags=dict(raw.get("tags") or {}),
        url=url,
        kms_master_key_id=blank(a.get("KmsMasterKeyId")),
        sqs_managed_sse=as_bool(a.get("SqsManagedSseEnabled")) or False,
        retention_seconds=as_int(a.get("MessageRetentionPeriod")),
        visibility_timeout_seconds=as_int(a.get("VisibilityTimeout")),
        dead_letter_target_arn=redrive.get("deadLetterTargetArn"),
        max_receive_count=as_int(redrive.get("maxReceiveCount")),
        policy=PolicyDocument.parse(blank(a.get("Policy"))),
    )


SQS_QUEUES = ResourceSpec(
    model=SQSQueue,
    service="sqs",
    list_operation="list_queues",
    list_path="QueueUrls",
    details=(
        Detail(
            "attributes",
            "get_queue_attributes",
            lambda r: {"QueueUrl": r["item"], "AttributeNames": ["All"]},
            "Attributes",
        ),
        Detail("tags", "list_queue_tags", lambda r: {"QueueUrl": r["item"]}, "Tags"),
    ),
    normalise=_queue,
)


def ssm_arn(ctx: Context, name: str) -> str:
    return f"arn:{ctx.partition}:ssm:{ctx.region}:{ctx.account}:parameter/{name.lstrip('/')}"


def _parameter(raw: Raw, ctx: Context) -> SSMParameter:
    p = raw["item"]
    return SSMParameter(
        id=p.get("ARN") or ssm_arn(ctx, p["Name"]),
        name=p["Name"],
        source=LIVE,
        region=ctx.region,
        account=ctx.account,
        tags=tags_from_list(raw.get("tags")),
        parameter_type=p.get("Type"),
        tier=p.get("Tier", "Standard"),
        data_type=p.get("DataType", "text"),
        kms_key_id=blank(p.get("KeyId")) if p.get("Type") == "SecureString" else None,
    )


SSM_PARAMETERS = ResourceSpec(
    model=SSMParameter,
    service="ssm",
    list_operation="describe_parameters",
    list_path="Parameters",
    details=(
        Detail(
            "tags",
            "list_tags_for_resource",
            lambda r: {"ResourceType": "Parameter", "ResourceId": r["item"]["Name"]},
            "TagList",
        ),
    ),
    normalise=_parameter,
)

SPECS = (ALARMS, DASHBOARDS, LOG_GROUPS, METRIC_FILTERS, SNS_TOPICS, SQS_QUEUES, SSM_PARAMETERS)
