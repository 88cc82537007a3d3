"""Spend beyond the budget wakes someone up."""

from __future__ import annotations

from coattail.review.checks._alarms import specific_alarm
from coattail.review.checks._common import Findings
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import Inventory


@check(
    id="billing_alarm",
    kind="claim",
    title="A billing alarm on EstimatedCharges notifies an SNS topic at the documented threshold",
    pillar="cost_optimization",
    bp_id="COST02-BP05",
    severity="high",
    service="cloudwatch",
    resource_type="AWS::CloudWatch::Alarm",
    rationale="A forgotten stream or job keeps billing by the hour; an EstimatedCharges alarm caps the "
    "surprise at the threshold.",
    remediation="Create an AWS/Billing EstimatedCharges alarm (us-east-1, Currency=USD) with an SNS action.",
    remediation_terraform='resource "aws_cloudwatch_metric_alarm" "billing" {\n  namespace = "AWS/Billing"\n'
    '  metric_name = "EstimatedCharges"  statistic = "Maximum"  period = 21600\n'
    "  threshold = 25  alarm_actions = [aws_sns_topic.alarms.arn]\n}",
    params={"threshold": None, "period": None, "evaluation_periods": None},
)
def billing_alarm(inv: Inventory, p: Params) -> Findings:
    want = {k: p[k] for k in ("threshold", "period", "evaluation_periods")} | {"action_service": "sns"}
    # An alarm that invokes a function is the emergency shutoff (billing_auto_stop judges it); another
    # notification alarm at a higher threshold does not contradict the claim either.
    yield from specific_alarm(
        inv,
        "AWS/Billing",
        "EstimatedCharges",
        want,
        one_suffices=True,
        select=lambda a: not any(":lambda:" in x for x in a.alarm_actions),
    )
