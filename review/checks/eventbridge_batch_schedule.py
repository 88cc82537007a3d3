"""Batch work runs on a schedule at a quiet hour, and only when switched on."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, verdict
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import EventBridgeRule, Inventory
from coattail.review.model import Finding


@check(
    id="eventbridge_batch_schedule",
    kind="claim",
    title="The batch workflow is scheduled by EventBridge at the documented off-peak time",
    pillar="sustainability",
    bp_id="SUS03-BP01",
    severity="low",
    service="events",
    resource_type="AWS::Events::Rule",
    rationale="A scheduled batch at a fixed off-peak hour, disabled until needed, runs only the compute "
    "that is asked for.",
    remediation="Create an EventBridge rule with the documented cron expression targeting the state machine.",
    remediation_terraform='schedule_expression = "cron(0 2 * * ? *)"\nstate = "DISABLED"',
    params={"schedule": None, "state": None, "target_service": "states"},
)
def eventbridge_batch_schedule(inv: Inventory, p: Params) -> Findings:
    want, state = p.optional_str("schedule"), p.optional_str("state")

    def judge(r: EventBridgeRule) -> Finding:
        problems = []
        if want and r.schedule_expression != want:
            problems.append(f"schedule {r.schedule_expression} != {want}")
        if state and r.state != state:
            problems.append(f"state {r.state} != {state}")
        return verdict(
            r,
            not problems,
            f"{r.schedule_expression}, {r.state}, targets "
            + ", ".join((t.arn or t.id).rsplit(":", 1)[-1] for t in r.targets),
            "; ".join(problems),
            schedule_expression=r.schedule_expression,
            state=r.state,
        )

    target = f":{p.str('target_service')}:"
    yield from each(
        inv,
        EventBridgeRule,
        "scheduled rules targeting the batch workflow",
        judge,
        select=lambda r: bool(r.schedule_expression) and any(target in (t.arn or "") for t in r.targets),
        required=True,
    )
