"""Rules that trigger nothing are removed."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import EventBridgeRule, Inventory
from coattail.review.model import Finding


@check(
    id="eventbridge_rule_has_targets",
    title="EventBridge rules have at least one target",
    pillar="sustainability",
    bp_id="SUS02-BP03",
    severity="low",
    service="events",
    resource_type="AWS::Events::Rule",
    rationale=(
        "A rule without targets is an unused asset: it evaluates events or fires schedules for nothing."
    ),
    remediation="Add the intended target or delete the rule.",
    remediation_terraform=(
        'resource "aws_cloudwatch_event_target" "x" { rule = aws_cloudwatch_event_rule.x.name ... }'
    ),
)
def eventbridge_rule_has_targets(inv: Inventory) -> Findings:
    def judge(r: EventBridgeRule) -> Finding:
        return verdict(
            r,
            bool(r.targets),
            f"{len(r.targets)} target(s)",
            "no targets",
            targets=[t.arn for t in r.targets],
        )

    yield from each(inv, EventBridgeRule, "EventBridge rules", judge)
