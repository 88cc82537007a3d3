"""Every task of the batch workflow retries transient errors and routes failures."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory, StepFunctionsStateMachine
from coattail.review.model import Finding


@check(
    id="stepfunctions_retry_catch",
    title="Every Task state of a state machine has Retry and Catch",
    pillar="reliability",
    bp_id="REL05-BP03",
    severity="high",
    service="stepfunctions",
    resource_type="AWS::StepFunctions::StateMachine",
    rationale="Retry with backoff absorbs transient errors; Catch routes the rest to a failure path that "
    "alerts, instead of an execution that just stops.",
    remediation="Add a Retry (with BackoffRate and MaxAttempts) and a Catch on States.ALL to every Task.",
    remediation_terraform='"Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 5, "MaxAttempts": 2, '
    '"BackoffRate": 2}], "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "SendAlert"}]',
)
def stepfunctions_retry_catch(inv: Inventory) -> Findings:
    def judge(m: StepFunctionsStateMachine) -> Finding:
        if m.definition is None:
            return unknown(m, "definition not readable")
        tasks = m.definition.tasks
        bare = sorted(t.name for t in tasks if not t.retry or not t.catch)
        return verdict(
            m,
            bool(tasks) and not bare,
            f"all {len(tasks)} Task states have Retry and Catch ({', '.join(t.name for t in tasks)})",
            f"Task states without Retry+Catch: {bare}" if tasks else "no Task states",
            tasks=[t.name for t in tasks],
            missing=bare,
        )

    yield from each(inv, StepFunctionsStateMachine, "Step Functions state machines", judge)
