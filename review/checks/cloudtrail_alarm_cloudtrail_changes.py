"""CIS AWS Foundations (Monitoring): a metric filter and alarm watch cloudtrail configuration changes."""

from __future__ import annotations

from coattail.review.checks import _cis_metric_filters as cis
from coattail.review.checks._common import Findings
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory

EVENT = cis.EVENTS["cloudtrail_changes"]


@check(
    id="cloudtrail_alarm_cloudtrail_changes",
    title="A metric filter and alarm watch CloudTrail configuration changes",
    pillar="security",
    bp_id="SEC04-BP03",
    severity="high",
    service="cloudtrail",
    resource_type="AWS::CloudTrail::Trail",
    rationale="Stopping or altering a trail is the first step in covering tracks; it must alert while the "
    "trail still logs. "
    f"Judged per account on the CloudWatch Logs group a trail delivers to ({EVENT.cis}).",
    remediation=cis.remediation(EVENT, "cloudtrail_changes"),
    remediation_terraform=cis.remediation_terraform(EVENT, "cloudtrail_changes"),
)
def cloudtrail_alarm_cloudtrail_changes(inv: Inventory) -> Findings:
    yield from cis.judge(inv, EVENT)
