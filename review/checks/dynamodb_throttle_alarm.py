"""Throttled alert writes raise an alarm."""

from __future__ import annotations

from coattail.review.checks._alarms import specific_alarm
from coattail.review.checks._common import Findings
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import Inventory


@check(
    id="dynamodb_throttle_alarm",
    title="An alarm watches DynamoDB ThrottledRequests",
    pillar="reliability",
    bp_id="REL06-BP03",
    severity="medium",
    service="cloudwatch",
    resource_type="AWS::CloudWatch::Alarm",
    rationale="Throttled writes delay or drop alerts; an alarm tells the operator before users notice.",
    remediation="Alarm on AWS/DynamoDB ThrottledRequests for the alerts table with an SNS action.",
    remediation_terraform=(
        'metric_name = "ThrottledRequests"  threshold = 5  evaluation_periods = 2  period = 300'
    ),
    params={"threshold": None, "period": None, "evaluation_periods": None},
)
def dynamodb_throttle_alarm(inv: Inventory, p: Params) -> Findings:
    want = {k: p[k] for k in ("threshold", "period", "evaluation_periods")}
    yield from specific_alarm(inv, "AWS/DynamoDB", "ThrottledRequests", want)
