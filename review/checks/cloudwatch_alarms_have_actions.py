"""An alarm nobody hears is not an alarm."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import CloudWatchAlarm, Inventory
from coattail.review.model import Finding


@check(
    id="cloudwatch_alarms_have_actions",
    title="CloudWatch alarms have enabled alarm actions",
    pillar="reliability",
    bp_id="REL06-BP03",
    severity="medium",
    service="cloudwatch",
    resource_type="AWS::CloudWatch::Alarm",
    rationale="An alarm without an action changes state silently; notifications are what make monitoring "
    "actionable.",
    remediation="Add an SNS topic (or automation) to alarm_actions and keep actions enabled.",
    remediation_terraform="alarm_actions = [aws_sns_topic.alarms.arn]\nactions_enabled = true",
)
def cloudwatch_alarms_have_actions(inv: Inventory) -> Findings:
    def judge(a: CloudWatchAlarm) -> Finding:
        return verdict(
            a,
            a.has_actions,
            f"alarm actions {', '.join(x.rsplit(':', 1)[-1] for x in a.alarm_actions)}",
            "actions disabled" if a.alarm_actions else "no alarm action",
            actions_enabled=a.actions_enabled,
            alarm_actions=list(a.alarm_actions),
        )

    yield from each(inv, CloudWatchAlarm, "CloudWatch alarms", judge)
