"""CIS AWS Foundations (Monitoring): KMS keys disabled or scheduled for deletion alert."""

from __future__ import annotations

from coattail.review.checks import _cis_metric_filters as cis
from coattail.review.checks._common import Findings
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory

EVENT = cis.EVENTS["kms_key_disabled_or_deleted"]


@check(
    id="cloudtrail_alarm_kms_key_deletion",
    title="A metric filter and alarm watch KMS keys being disabled or scheduled for deletion",
    pillar="security",
    bp_id="SEC04-BP03",
    severity="high",
    service="cloudtrail",
    resource_type="AWS::CloudTrail::Trail",
    rationale="Data encrypted under a disabled or deleted key is unreadable; the pending-deletion window "
    "only helps if someone is told. "
    f"Judged per account on the CloudWatch Logs group a trail delivers to ({EVENT.cis}).",
    remediation=cis.remediation(EVENT, "kms_key_disabled_or_deleted"),
    remediation_terraform=cis.remediation_terraform(EVENT, "kms_key_disabled_or_deleted"),
)
def cloudtrail_alarm_kms_key_deletion(inv: Inventory) -> Findings:
    yield from cis.judge(inv, EVENT)
