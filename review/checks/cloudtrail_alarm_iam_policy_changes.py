"""CIS AWS Foundations (Monitoring): a metric filter and alarm watch iam policy changes."""

from __future__ import annotations

from coattail.review.checks import _cis_metric_filters as cis
from coattail.review.checks._common import Findings
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory

EVENT = cis.EVENTS["iam_policy_changes"]


@check(
    id="cloudtrail_alarm_iam_policy_changes",
    title="A metric filter and alarm watch IAM policy changes",
    pillar="security",
    bp_id="SEC04-BP03",
    severity="medium",
    service="cloudtrail",
    resource_type="AWS::CloudTrail::Trail",
    rationale="Changes to IAM policies grant or remove access; unexpected ones are how privilege "
    "escalation shows. "
    f"Judged per account on the CloudWatch Logs group a trail delivers to ({EVENT.cis}).",
    remediation=cis.remediation(EVENT, "iam_policy_changes"),
    remediation_terraform=cis.remediation_terraform(EVENT, "iam_policy_changes"),
)
def cloudtrail_alarm_iam_policy_changes(inv: Inventory) -> Findings:
    yield from cis.judge(inv, EVENT)
