"""CIS AWS Foundations (Monitoring): a metric filter and alarm watch root user activity."""

from __future__ import annotations

from coattail.review.checks import _cis_metric_filters as cis
from coattail.review.checks._common import Findings
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory

EVENT = cis.EVENTS["root_usage"]


@check(
    id="cloudtrail_alarm_root_usage",
    title="A metric filter and alarm watch root user activity",
    pillar="security",
    bp_id="SEC04-BP03",
    severity="critical",
    service="cloudtrail",
    resource_type="AWS::CloudTrail::Trail",
    rationale="The root user bypasses IAM policies; any use outside break-glass should page someone at "
    "once. "
    f"Judged per account on the CloudWatch Logs group a trail delivers to ({EVENT.cis}).",
    remediation=cis.remediation(EVENT, "root_usage"),
    remediation_terraform=cis.remediation_terraform(EVENT, "root_usage"),
)
def cloudtrail_alarm_root_usage(inv: Inventory) -> Findings:
    yield from cis.judge(inv, EVENT)
