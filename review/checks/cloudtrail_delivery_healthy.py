"""A logging trail really delivers its log files to the bucket."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, failed, finding, unknown, verdict
from coattail.review.checks._credentials import review_clock
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import CloudTrailTrail, Inventory
from coattail.review.model import Finding, Status


@check(
    id="cloudtrail_delivery_healthy",
    title="CloudTrail trails deliver log files without errors",
    pillar="security",
    bp_id="SEC04-BP01",
    severity="high",
    service="cloudtrail",
    resource_type="AWS::CloudTrail::Trail",
    verified_on="recorded responses",  # moto reports no delivery error and no stale delivery
    rationale="A trail can be logging while nothing reaches its bucket (a changed bucket policy, a deleted "
    "bucket, a key CloudTrail may no longer use): GetTrailStatus then reports the last delivery error "
    "and an old last delivery. CloudTrail delivers about every 5 minutes, so a last delivery older than "
    "the limit on the review clock (when the account was read) means the audit log has a gap.",
    remediation="aws cloudtrail get-trail-status --name <trail> (read LatestDeliveryError); fix the bucket "
    "policy or KMS key policy it names so cloudtrail.amazonaws.com may write, for this trail "
    "(aws:SourceArn)",
    remediation_terraform="# aws_s3_bucket_policy of the trail's bucket: allow cloudtrail.amazonaws.com "
    "s3:GetBucketAcl and s3:PutObject on AWSLogs/<account>/* with aws:SourceArn = the trail",
    params={"max_delivery_age_hours": 24},
)
def cloudtrail_delivery_healthy(inv: Inventory, p: Params) -> Findings:
    limit = p.int("max_delivery_age_hours")
    now = review_clock(inv)

    def judge(t: CloudTrailTrail) -> Finding:
        if t.is_logging is False:
            why = "not logging (judged by cloudtrail_logging)"
            return finding(t, Status.NOT_APPLICABLE, why, is_logging=False)
        if t.latest_delivery_error:
            return failed(
                t,
                f"last delivery to s3://{t.s3_bucket} failed: {t.latest_delivery_error}",
                latest_delivery_error=t.latest_delivery_error,
            )
        if t.latest_delivery_at is None or now is None:
            return unknown(t, "when log files last reached the bucket (or the review time) is not known")
        hours = round((now - t.latest_delivery_at).total_seconds() / 3600, 1)
        return verdict(
            t,
            hours <= limit,
            f"last delivered to s3://{t.s3_bucket} {hours} h before the review, no delivery error",
            f"last delivered to s3://{t.s3_bucket} {hours} h before the review (limit {limit} h): "
            "the audit log has a gap",
            latest_delivery_hours=hours,
        )

    yield from each(inv, CloudTrailTrail, "CloudTrail trails", judge)
