"""The streaming job has a dashboard of its own: its quality gate and each detector's alerts."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, matches
from coattail.review.checks._dashboards import judge_dashboard
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import CloudWatchDashboard, Inventory
from coattail.review.model import Finding


@check(
    id="cloudwatch_streaming_job_dashboard",
    kind="claim",
    title="The streaming job has its own dashboard: quality gate and every detector",
    pillar="operational_excellence",
    bp_id="OPS08-BP05",
    severity="low",
    service="cloudwatch",
    resource_type="AWS::CloudWatch::Dashboard",
    rationale="The infrastructure dashboard says the stream and the table are healthy, not whether the "
    "job is: how many records the gate passed, rejected or saw late, and what each detector raised.",
    remediation="Add a dashboard for the streaming job with a widget for the gate's record counts and "
    "quality score and one per detector's alert count.",
    remediation_terraform='resource "aws_cloudwatch_dashboard" "streaming_job" {\n'
    '  dashboard_name = "<prefix>-streaming-job"\n  dashboard_body = jsonencode({ widgets = [...] })\n}',
    params={
        "dashboards": ["*-streaming-job"],
        "min_widgets": 4,
        "metrics": [
            "CryptoPulse/Quality:RecordsProcessed",
            "CryptoPulse/Quality:RecordsFailed",
            "CryptoPulse/Quality:QualityScore",
            "CryptoPulse/Alerts:AnomalyCount",
            "CryptoPulse/Alerts:WhaleCount",
            "CryptoPulse/Alerts:SpreadAlertCount",
        ],
    },
)
def cloudwatch_streaming_job_dashboard(inv: Inventory, p: Params) -> Findings:
    def judge(d: CloudWatchDashboard) -> Finding:
        return judge_dashboard(d, p.int("min_widgets"), p.strs("metrics"))

    yield from each(
        inv,
        CloudWatchDashboard,
        "streaming job dashboards",
        judge,
        select=lambda d: matches(d.name, p.strs("dashboards")),
        required=True,
    )
