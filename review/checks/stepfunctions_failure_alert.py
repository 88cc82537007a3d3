"""A failed batch run notifies someone."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory, SfnDefinition, StepFunctionsStateMachine
from coattail.review.model import Finding


def _reaches_sns(d: SfnDefinition, start: str | None, seen: set[str]) -> bool:
    while start and start not in seen:
        seen.add(start)
        state = d.state(start)
        if state is None:
            return False
        if "sns:publish" in (state.resource or "").lower():
            return True
        start = state.next
    return False


@check(
    id="stepfunctions_failure_alert",
    title="State machine failure paths publish an SNS notification",
    pillar="reliability",
    bp_id="REL11-BP06",
    severity="medium",
    service="stepfunctions",
    resource_type="AWS::StepFunctions::StateMachine",
    rationale="A catch that ends silently hides failed backfills; the failure path must notify the operator.",
    remediation="Route every Catch to a Task that publishes to the alarms topic before failing.",
    remediation_terraform='"SendAlert": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", ...}',
)
def stepfunctions_failure_alert(inv: Inventory) -> Findings:
    def judge(m: StepFunctionsStateMachine) -> Finding:
        if m.definition is None:
            return unknown(m, "definition not readable")
        d = m.definition
        # catchers of the alerting states themselves may end the run: only the others must alert
        alerting = [t for t in d.states if "sns:publish" not in (t.resource or "").lower()]
        targets = sorted({c.next for t in alerting for c in t.catch if c.next})
        silent = [t for t in targets if not _reaches_sns(d, t, set())]
        return verdict(
            m,
            bool(targets) and not silent,
            f"failure path(s) {targets} publish to SNS",
            f"failure paths without an SNS publish: {silent}" if targets else "no Catch failure path",
            failure_paths=targets,
        )

    yield from each(inv, StepFunctionsStateMachine, "Step Functions state machines", judge)
