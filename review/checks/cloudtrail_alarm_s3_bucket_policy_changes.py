"""CIS AWS Foundations (Monitoring): a metric filter and alarm watch s3 bucket policy changes."""

from __future__ import annotations

from coattail.review.checks import _cis_metric_filters as cis
from coattail.review.checks._common import Findings
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory

EVENT = cis.EVENTS["s3_bucket_policy_changes"]


@check(
    id="cloudtrail_alarm_s3_bucket_policy_changes",
    title="A metric filter and alarm watch S3 bucket policy changes",
    pillar="security",
    bp_id="SEC04-BP03",
    severity="medium",
    service="cloudtrail",
    resource_type="AWS::CloudTrail::Trail",
    rationale="Bucket policy and ACL changes can make data public or shareable; an alert shortens "
    "exposure. "
    f"Judged per account on the CloudWatch Logs group a trail delivers to ({EVENT.cis}).",
    remediation=cis.remediation(EVENT, "s3_bucket_policy_changes"),
    remediation_terraform=cis.remediation_terraform(EVENT, "s3_bucket_policy_changes"),
)
def cloudtrail_alarm_s3_bucket_policy_changes(inv: Inventory) -> Findings:
    yield from cis.judge(inv, EVENT)
