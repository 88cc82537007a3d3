"""The workload has enough actionable alarms to cover its failure modes."""

from __future__ import annotations

from coattail.review.checks._common import Findings, distinct_count, none_found, verdict
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import CloudWatchAlarm, Inventory


@check(
    id="cloudwatch_alarm_count",
    kind="claim",
    title="At least the documented number of actionable CloudWatch alarms exist",
    pillar="operational_excellence",
    bp_id="OPS08-BP04",
    severity="medium",
    service="cloudwatch",
    resource_type="AWS::CloudWatch::Alarm",
    rationale="Each failure mode the operator cares about (lag, throttling, quality, cost) needs an alarm "
    "that notifies someone.",
    remediation="Add alarms with SNS actions for the workload's key metrics.",
    remediation_terraform=(
        'resource "aws_cloudwatch_metric_alarm" "x" { alarm_actions = [aws_sns_topic.alarms.arn] }'
    ),
    params={"min_alarms": 1},
)
def cloudwatch_alarm_count(inv: Inventory, p: Params) -> Findings:
    actionable = distinct_count(a for a in inv.cloudwatch_alarms if a.has_actions)
    enough = actionable >= p.int("min_alarms")
    for a in inv.cloudwatch_alarms:
        yield verdict(
            a,
            enough and a.has_actions,
            f"one of {actionable} actionable alarms (>= {p.int('min_alarms')} required)",
            "no enabled action: does not count"
            if not a.has_actions
            else f"only {actionable} actionable alarms (< {p.int('min_alarms')})",
            actionable_alarms=actionable,
        )
    if not inv.cloudwatch_alarms:
        yield none_found(inv, CloudWatchAlarm, "CloudWatch alarms", required=True)
