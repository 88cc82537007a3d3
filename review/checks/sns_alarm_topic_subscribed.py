"""Someone (or something) receives the alarms."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory, SNSTopic
from coattail.review.model import Finding


@check(
    id="sns_alarm_topic_subscribed",
    title="SNS topics that receive alarms have at least one subscription",
    pillar="reliability",
    bp_id="REL11-BP06",
    severity="medium",
    service="sns",
    resource_type="AWS::SNS::Topic",
    rationale="An alarm published to a topic with no subscriber notifies nobody.",
    remediation="Subscribe the on-call email, chat webhook or automation to the alarms topic.",
    remediation_terraform='resource "aws_sns_topic_subscription" "oncall" { protocol = "email" ... }',
)
def sns_alarm_topic_subscribed(inv: Inventory) -> Findings:
    targets = {x for a in inv.cloudwatch_alarms for x in a.alarm_actions}

    def judge(t: SNSTopic) -> Finding:
        subs = [f"{s.protocol}:{s.endpoint}" for s in t.subscriptions]
        return verdict(
            t,
            bool(subs),
            f"{len(subs)} subscription(s) ({', '.join(s.protocol for s in t.subscriptions)})",
            "alarm topic has no subscription",
            subscriptions=len(subs),
        )

    yield from each(
        inv, SNSTopic, "SNS topics that alarms publish to", judge, select=lambda t: t.id in targets
    )
