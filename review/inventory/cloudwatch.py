"""Amazon CloudWatch alarms, dashboards and log groups."""

from __future__ import annotations

import json
from typing import Any, ClassVar

from coattail.review.inventory.base import Frozen, Resource


class CloudWatchAlarm(Resource):
    resource_type: ClassVar[str] = "AWS::CloudWatch::Alarm"
    service: ClassVar[str] = "cloudwatch"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_cloudwatch_metric_alarm",)

    namespace: str | None = None
    metric_name: str | None = None
    statistic: str | None = None
    extended_statistic: str | None = None
    dimensions: dict[str, str] = {}
    period: int | None = None
    evaluation_periods: int | None = None
    datapoints_to_alarm: int | None = None
    threshold: float | None = None
    threshold_metric_id: str | None = None  # set for anomaly-detection alarms
    comparison_operator: str | None = None
    treat_missing_data: str | None = None
    actions_enabled: bool | None = None
    alarm_actions: tuple[str, ...] = ()
    ok_actions: tuple[str, ...] = ()
    insufficient_data_actions: tuple[str, ...] = ()
    metric_queries: tuple[str, ...] = ()  # metric-math ids/expressions when not a single metric

    @property
    def has_actions(self) -> bool:
        return bool(self.actions_enabled) and bool(self.alarm_actions)

    @property
    def uses_anomaly_detection(self) -> bool:
        return self.threshold_metric_id is not None or any(
            "ANOMALY_DETECTION_BAND" in q for q in self.metric_queries
        )


class MetricRef(Frozen):
    namespace: str
    metric_name: str


class DashboardWidget(Frozen):
    type: str
    title: str | None = None
    metrics: tuple[MetricRef, ...] = ()


def parse_dashboard_body(body: str | dict[str, Any] | None) -> tuple[DashboardWidget, ...]:
    """Widgets from a dashboard body; metric rows may use ``"."`` for 'same as the row above'."""
    if body is None or body == "":
        return ()
    if isinstance(body, str):
        try:
            body = json.loads(body)
        except json.JSONDecodeError as exc:
            raise ValueError(f"dashboard body is not valid JSON: {exc}") from exc
    if not isinstance(body, dict):
        raise ValueError("dashboard body must be a JSON object")
    widgets = []
    for w in body.get("widgets", ()):
        props = w.get("properties") or {}
        metrics: list[MetricRef] = []
        prev: list[Any] = []
        for row in props.get("metrics", ()):
            if not isinstance(row, list):
                continue
            names = [x for x in row if not isinstance(x, dict)]
            if names and isinstance(names[0], str) and names[0].startswith("{"):
                continue  # expression-only row
            resolved = [prev[i] if v == "." and i < len(prev) else v for i, v in enumerate(names)]
            prev = resolved
            if len(resolved) >= 2:
                metrics.append(MetricRef(namespace=str(resolved[0]), metric_name=str(resolved[1])))
        widgets.append(
            DashboardWidget(type=str(w.get("type", "")), title=props.get("title"), metrics=tuple(metrics))
        )
    return tuple(widgets)


class CloudWatchDashboard(Resource):
    resource_type: ClassVar[str] = "AWS::CloudWatch::Dashboard"
    service: ClassVar[str] = "cloudwatch"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_cloudwatch_dashboard",)

    widgets: tuple[DashboardWidget, ...] = ()

    @property
    def widget_count(self) -> int:
        return len(self.widgets)

    @property
    def metrics(self) -> tuple[MetricRef, ...]:
        return tuple(m for w in self.widgets for m in w.metrics)


class LogGroup(Resource):
    resource_type: ClassVar[str] = "AWS::Logs::LogGroup"
    service: ClassVar[str] = "logs"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_cloudwatch_log_group",)

    retention_days: int | None = None  # None = never expire
    kms_key_id: str | None = None
    log_group_class: str | None = None


class MetricTransformation(Frozen):
    namespace: str
    metric_name: str


class MetricFilter(Resource):
    """A CloudWatch Logs metric filter: log events matching ``filter_pattern`` publish a metric."""

    resource_type: ClassVar[str] = "AWS::Logs::MetricFilter"
    service: ClassVar[str] = "logs"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_cloudwatch_log_metric_filter",)

    log_group_name: str | None = None
    filter_pattern: str | None = None
    metric_transformations: tuple[MetricTransformation, ...] = ()
