"""Cases for the CloudWatch alarm, dashboard and log checks."""

from __future__ import annotations

from typing import Any

from coattail.review.inventory import (
    CloudWatchAlarm,
    CloudWatchDashboard,
    DashboardWidget,
    LogGroup,
    MetricRef,
    SNSSubscription,
    SNSTopic,
)
from coattail.review.model import SourceKind

TOPIC = "arn:aws:sns:us-east-1:123456789012:ctc-dev-alarms"


def cases(b: Any) -> dict[str, list[Any]]:
    R = b.Row
    P, F, U, NA = b.PASS, b.FAIL, b.UNKNOWN, b.NA

    def plan(*unknown: str) -> dict[str, Any]:
        """Fields of a resource from a Terraform plan whose ``unknown`` ones are known only after apply."""
        return {"source": SourceKind.TERRAFORM, "unknown_attributes": unknown}

    def alarm(name: str, namespace: str, metric: str, **kw: Any) -> CloudWatchAlarm:
        kw.setdefault("actions_enabled", True)
        kw.setdefault("alarm_actions", (TOPIC,))
        return b.make(CloudWatchAlarm, name, namespace=namespace, metric_name=metric, **kw)

    billing = alarm(
        "billing",
        "AWS/Billing",
        "EstimatedCharges",
        threshold=25.0,
        period=21600,
        evaluation_periods=1,
        comparison_operator="GreaterThanThreshold",
        statistic="Maximum",
    )
    shutoff = billing.model_copy(
        update={
            "id": billing.id + "-auto-stop",
            "name": "billing-auto-stop",
            "threshold": 50.0,
            "alarm_actions": ("arn:aws:lambda:us-east-1:123456789012:function:ctc-dev-auto-stop", TOPIC),
        }
    )
    higher = billing.model_copy(
        update={"id": billing.id + "-higher", "name": "billing-higher", "threshold": 50.0}
    )
    lag = alarm(
        "lag",
        "AWS/Kinesis",
        "GetRecords.IteratorAgeMilliseconds",
        threshold=300000.0,
        period=300,
        evaluation_periods=3,
        datapoints_to_alarm=3,
        comparison_operator="GreaterThanThreshold",
    )
    throttles = alarm(
        "throttles",
        "AWS/DynamoDB",
        "ThrottledRequests",
        threshold=5.0,
        period=300,
        evaluation_periods=2,
        comparison_operator="GreaterThanThreshold",
    )
    quality = alarm(
        "quality",
        "CryptoPulse/Quality",
        "QualityScore",
        threshold=95.0,
        period=300,
        evaluation_periods=1,
        comparison_operator="LessThanThreshold",
    )
    silent = alarm("silent", "AWS/Lambda", "Errors", alarm_actions=())
    disabled = alarm("disabled", "AWS/Lambda", "Throttles", actions_enabled=False)
    anomaly = alarm("records-band", "CryptoPulse/Quality", "RecordsProcessed", threshold_metric_id="band")
    static_records = alarm("records-static", "CryptoPulse/Quality", "RecordsProcessed", threshold=1.0)

    def widget(namespace: str, metric: str) -> DashboardWidget:
        return DashboardWidget(type="metric", metrics=(MetricRef(namespace=namespace, metric_name=metric),))

    five = (
        widget("AWS/Kinesis", "IncomingRecords"),
        widget("AWS/Kinesis", "GetRecords.IteratorAgeMilliseconds"),
        widget("AWS/DynamoDB", "ConsumedWriteCapacityUnits"),
        widget("AWS/Billing", "EstimatedCharges"),
        widget("CryptoPulse/Alerts", "WhaleCount"),
    )
    wanted = ["AWS/Kinesis:IncomingRecords", "AWS/Billing:EstimatedCharges", "CryptoPulse/Alerts:*"]
    board = b.make(CloudWatchDashboard, "ctc-dev-platform", widgets=five)
    infra_board = b.make(CloudWatchDashboard, "infra", widgets=five[:2])
    topic = b.make(SNSTopic, "ctc-dev-alarms", id=TOPIC, subscriptions=(SNSSubscription(protocol="email"),))
    lonely = b.make(SNSTopic, "ctc-dev-alarms", id=TOPIC)
    unrelated = b.make(SNSTopic, "other", id="arn:aws:sns:us-east-1:123456789012:other")
    return {
        "billing_alarm": [
            R(b.inventory(billing, lag), {P: {"billing"}}, {"threshold": 25, "period": 21600}),
            R(
                b.inventory(billing.model_copy(update={"threshold": 100.0})),
                {F: {"billing"}},
                {"threshold": 25},
            ),
            R(b.inventory(billing.model_copy(update={"alarm_actions": ()})), {F: {"billing"}}),
            R(b.inventory(lag), {F: {"cloudwatch:alarm on AWS/Billing EstimatedCharges"}}),
            # the auto-stop alarm (it invokes a function) is billing_auto_stop's; a second notification
            # alarm at a higher threshold does not contradict the claim, but is judged when none meets it
            R(b.inventory(billing, shutoff, higher), {P: {"billing"}}, {"threshold": 25, "period": 21600}),
            R(
                b.inventory(billing.model_copy(update={"threshold": 100.0}), shutoff, higher),
                {F: {"billing", "billing-higher"}},
                {"threshold": 25},
            ),
        ],
        "kinesis_iterator_age_alarm": [
            R(b.inventory(lag), {P: {"lag"}}, {"threshold": 300000, "evaluation_periods": 3, "period": 300}),
            R(
                b.inventory(lag.model_copy(update={"evaluation_periods": 1})),
                {F: {"lag"}},
                {"evaluation_periods": 3},
            ),
        ],
        "dynamodb_throttle_alarm": [
            R(b.inventory(throttles), {P: {"throttles"}}, {"threshold": 5, "evaluation_periods": 2}),
            R(b.inventory(billing), {F: {"cloudwatch:alarm on AWS/DynamoDB ThrottledRequests"}}),
        ],
        "quality_score_alarm": [
            R(b.inventory(quality), {P: {"quality"}}, {"threshold": 95, "period": 300}),
            R(
                b.inventory(quality.model_copy(update={"comparison_operator": "GreaterThanThreshold"})),
                {F: {"quality"}},
            ),
        ],
        "cloudwatch_alarms_have_actions": [
            R(b.inventory(billing, lag), {P: {"billing", "lag"}}),
            R(b.inventory(billing, silent, disabled), {P: {"billing"}, F: {"silent", "disabled"}}),
            R(b.inventory(), {NA: {"cloudwatch:CloudWatch alarms"}}),
        ],
        "cloudwatch_alarm_count": [
            R(b.inventory(billing, lag, throttles), {P: {"billing", "lag", "throttles"}}, {"min_alarms": 3}),
            R(b.inventory(billing, lag, silent), {F: {"billing", "lag", "silent"}}, {"min_alarms": 3}),
            R(b.inventory(), {F: {"cloudwatch:CloudWatch alarms"}}),
        ],
        "cloudwatch_anomaly_detection": [
            R(b.inventory(anomaly, billing), {P: {"records-band"}}, {"metric": "RecordsProcessed"}),
            R(b.inventory(static_records), {F: {"records-static"}}, {"metric": "RecordsProcessed"}),
            R(
                b.inventory(billing),
                {F: {"cloudwatch:anomaly-detection alarm on RecordsProcessed"}},
                {"metric": "RecordsProcessed"},
            ),
            # without a named metric (the generic profile) any anomaly band in the account counts
            R(b.inventory(anomaly, billing), {P: {"records-band"}}),
            R(
                b.inventory(static_records, billing),
                {F: {"cloudwatch:anomaly-detection alarm on any metric"}},
            ),
        ],
        "cloudwatch_dashboard_widgets": [
            R(
                b.inventory(b.make(CloudWatchDashboard, "ctc-dev-platform", **plan("widgets"))),
                {U: {"ctc-dev-platform"}},
                {"min_widgets": 5, "metrics": wanted},
            ),
            R(b.inventory(board), {P: {"ctc-dev-platform"}}, {"min_widgets": 5, "metrics": wanted}),
            R(
                b.inventory(board, infra_board),
                {P: {"ctc-dev-platform"}, F: {"infra"}},
                {"min_widgets": 5, "metrics": wanted},
            ),
            R(b.inventory(), {F: {"cloudwatch:CloudWatch dashboards"}}),
        ],
        "custom_metrics_namespace": [
            R(b.inventory(board, quality), {P: {"ctc-dev-platform", "quality"}}),
            R(b.inventory(infra_board, billing), {F: {"infra"}}),
            R(b.inventory(billing), {F: {"cloudwatch:use of CryptoPulse/* metrics"}}),
        ],
        "sns_alarm_topic_subscribed": [
            R(b.inventory(billing, topic, unrelated), {P: {"ctc-dev-alarms"}}),
            R(b.inventory(billing, lonely), {F: {"ctc-dev-alarms"}}),
        ],
        "log_group_retention_set": [
            R(
                b.inventory(b.make(LogGroup, "a", retention_days=14), b.make(LogGroup, "forever")),
                {P: {"a", "forever"}},
            ),
            R(
                b.inventory(
                    b.make(LogGroup, "a", retention_days=14), b.make(LogGroup, "short", retention_days=1)
                ),
                {P: {"a"}, F: {"short"}},
            ),
        ],
        "log_group_retention_bounded": [
            R(b.inventory(b.make(LogGroup, "a", retention_days=14)), {P: {"a"}}, {"max_days": 90}),
            R(
                b.inventory(
                    b.make(LogGroup, "a", retention_days=14),
                    b.make(LogGroup, "forever"),
                    b.make(LogGroup, "long", retention_days=3653),
                ),
                {P: {"a"}, F: {"forever", "long"}},
            ),
        ],
    }
