"""CIS AWS Foundations (Monitoring): a metric filter and alarm watch console sign-ins without mfa."""

from __future__ import annotations

from coattail.review.checks import _cis_metric_filters as cis
from coattail.review.checks._common import Findings
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory

EVENT = cis.EVENTS["console_signin_without_mfa"]


@check(
    id="cloudtrail_alarm_console_signin_without_mfa",
    title="A metric filter and alarm watch console sign-ins without MFA",
    pillar="security",
    bp_id="SEC04-BP03",
    severity="high",
    service="cloudtrail",
    resource_type="AWS::CloudTrail::Trail",
    rationale="A console sign-in without MFA is one password away from account takeover; it should be "
    "noticed. "
    f"Judged per account on the CloudWatch Logs group a trail delivers to ({EVENT.cis}).",
    remediation=cis.remediation(EVENT, "console_signin_without_mfa"),
    remediation_terraform=cis.remediation_terraform(EVENT, "console_signin_without_mfa"),
)
def cloudtrail_alarm_console_signin_without_mfa(inv: Inventory) -> Findings:
    yield from cis.judge(inv, EVENT)
