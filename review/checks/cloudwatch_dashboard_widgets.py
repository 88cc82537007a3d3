"""Operators see the workload's health at a glance."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, matches
from coattail.review.checks._dashboards import judge_dashboard
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
        return judge_dashboard(d, p.int("min_widgets"), p.strs("metrics"))

    yield from each(
        inv,
        CloudWatchDashboard,
        "CloudWatch dashboards",
        judge,
        select=lambda d: matches(d.name, p.strs("dashboards")),
        required=True,
    )
