"""A budget with notifications tracks spend against plan."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, verdict
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import Budget, Inventory
from coattail.review.model import Finding


@check(
    id="budget_configured",
    title="An AWS Budget with a notification subscriber exists",
    pillar="cost_optimization",
    bp_id="COST01-BP06",
    severity="medium",
    service="budgets",
    resource_type="AWS::Budgets::Budget",
    rationale="Budgets forecast the month's spend and notify before the limit is reached, not after.",
    remediation="Create a monthly COST budget with actual and forecasted notifications to a subscriber.",
    remediation_terraform='resource "aws_budgets_budget" "monthly" {\n'
    '  budget_type = "COST"  limit_amount = "25"\n'
    'time_unit = "MONTHLY"\n  notification '
    "{ ... subscriber_sns_topic_arns = [aws_sns_topic.alarms.arn] }\n}",
    params={"max_limit": None},
)
def budget_configured(inv: Inventory, p: Params) -> Findings:
    def judge(b: Budget) -> Finding:
        subscribed = [n for n in b.notifications if n.subscribers]
        cap = p["max_limit"]
        ok = bool(subscribed) and (cap is None or (b.limit_amount is not None and b.limit_amount <= cap))
        return verdict(
            b,
            ok,
            f"{b.time_unit} {b.budget_type} budget {b.limit_amount:g} {b.limit_unit}, {len(subscribed)} "
            f"notification(s)"
            if b.limit_amount is not None
            else f"{len(subscribed)} notification(s)",
            f"limit {b.limit_amount} {b.limit_unit}, notifications with subscribers: {len(subscribed)}",
            limit_amount=b.limit_amount,
            notifications=len(b.notifications),
        )

    yield from each(inv, Budget, "AWS Budgets", judge, required=True)
