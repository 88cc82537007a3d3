"""CIS AWS Foundations (Monitoring): a metric filter and alarm watch unauthorized api calls."""

from __future__ import annotations

from coattail.review.checks import _cis_metric_filters as cis
from coattail.review.checks._common import Findings
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory

EVENT = cis.EVENTS["unauthorized_api_calls"]


@check(
    id="cloudtrail_alarm_unauthorized_api_calls",
    title="A metric filter and alarm watch unauthorized API calls",
    pillar="security",
    bp_id="SEC04-BP03",
    severity="medium",
    service="cloudtrail",
    resource_type="AWS::CloudTrail::Trail",
    rationale="Bursts of AccessDenied/UnauthorizedOperation errors reveal probing with stolen credentials "
    "or a broken deployment. "
    f"Judged per account on the CloudWatch Logs group a trail delivers to ({EVENT.cis}).",
    remediation=cis.remediation(EVENT, "unauthorized_api_calls"),
    remediation_terraform=cis.remediation_terraform(EVENT, "unauthorized_api_calls"),
)
def cloudtrail_alarm_unauthorized_api_calls(inv: Inventory) -> Findings:
    yield from cis.judge(inv, EVENT)
