"""Operators see the workload's health at a glance."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, matches, unknown_attributes, verdict
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import CloudWatchDashboard, Inventory
from coattail.review.model import Finding


@check(
    id="cloudwatch_dashboard_widgets",
    kind="claim",
    title="A CloudWatch dashboard charts the documented metrics",
    pillar="operational_excellence",
    bp_id="OPS08-BP05",
    severity="medium",
    service="cloudwatch",
    resource_type="AWS::CloudWatch::Dashboard",
    rationale="A dashboard with ingest rate, consumer lag, write capacity, cost and business counts shows "
    "in one view whether the platform is healthy.",
    remediation="Add a widget per key metric to the dashboard.",
    remediation_terraform='dashboard_body = jsonencode({ widgets = [{ type = "metric", properties = {\n'
    '  metrics = [["AWS/Kinesis", "IncomingRecords", "StreamName", "..."]] } }] })',
    params={"dashboards": ["*"], "min_widgets": 1, "metrics": []},
)
def cloudwatch_dashboard_widgets(inv: Inventory, p: Params) -> Findings:
    def judge(d: CloudWatchDashboard) -> Finding:
        charted = {f"{m.namespace}:{m.metric_name}" for m in d.metrics}
        missing = [
            want
            for want in p.strs("metrics")
            if not matches(want, charted) and not any(matches(c, [want]) for c in charted)
        ]
        ok = d.widget_count >= p.int("min_widgets") and not missing
        return unknown_attributes(d, "widgets") or verdict(
            d,
            ok,
            f"{d.widget_count} widgets charting {', '.join(sorted(charted))}",
            f"{d.widget_count} widgets (>= {p.int('min_widgets')} expected), missing metrics {missing}",
            widget_count=d.widget_count,
            metrics=sorted(charted),
        )

    yield from each(
        inv,
        CloudWatchDashboard,
        "CloudWatch dashboards",
        judge,
        select=lambda d: matches(d.name, p.strs("dashboards")),
        required=True,
    )
