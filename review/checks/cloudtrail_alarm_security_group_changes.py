"""CIS AWS Foundations (Monitoring): a metric filter and alarm watch security group changes."""

from __future__ import annotations

from coattail.review.checks import _cis_metric_filters as cis
from coattail.review.checks._common import Findings
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory

EVENT = cis.EVENTS["security_group_changes"]


@check(
    id="cloudtrail_alarm_security_group_changes",
    title="A metric filter and alarm watch security group changes",
    pillar="security",
    bp_id="SEC04-BP03",
    severity="medium",
    service="cloudtrail",
    resource_type="AWS::CloudTrail::Trail",
    rationale="Security group changes open network paths; an alert catches an unintended 0.0.0.0/0 rule "
    "within minutes. "
    f"Judged per account on the CloudWatch Logs group a trail delivers to ({EVENT.cis}).",
    remediation=cis.remediation(EVENT, "security_group_changes"),
    remediation_terraform=cis.remediation_terraform(EVENT, "security_group_changes"),
)
def cloudtrail_alarm_security_group_changes(inv: Inventory) -> Findings:
    yield from cis.judge(inv, EVENT)
