"""CloudTrail delivers its events to CloudWatch Logs, where metric filters and alarms can act on them."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown_attributes, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import CloudTrailTrail, Inventory
from coattail.review.model import Finding


@check(
    id="cloudtrail_cloudwatch_logs_integration",
    title="CloudTrail trails deliver events to CloudWatch Logs",
    pillar="security",
    bp_id="SEC04-BP02",
    severity="medium",
    service="cloudtrail",
    resource_type="AWS::CloudTrail::Trail",
    rationale="Events in S3 are evidence after the fact; in CloudWatch Logs metric filters and alarms can "
    "react to root use, policy changes or a stopped trail within minutes (CIS AWS Foundations 3.4).",
    remediation="aws cloudtrail update-trail --name <trail> --cloud-watch-logs-log-group-arn <log group ARN> "
    "--cloud-watch-logs-role-arn <role ARN allowing logs:CreateLogStream and logs:PutLogEvents>",
    remediation_terraform='cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.cloudtrail.arn}:*"\n'
    "cloud_watch_logs_role_arn  = aws_iam_role.cloudtrail_to_logs.arn",
)
def cloudtrail_cloudwatch_logs_integration(inv: Inventory) -> Findings:
    def judge(t: CloudTrailTrail) -> Finding:
        group = (t.cloudwatch_log_group_arn or "").partition(":log-group:")[2].removesuffix(":*")
        return unknown_attributes(t, "cloudwatch_log_group_arn") or verdict(
            t,
            bool(t.cloudwatch_log_group_arn),
            f"delivers to CloudWatch Logs group {group}",
            "does not deliver to CloudWatch Logs",
            cloudwatch_log_group_arn=t.cloudwatch_log_group_arn,
        )

    yield from each(inv, CloudTrailTrail, "CloudTrail trails", judge)
