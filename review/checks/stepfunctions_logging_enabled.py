"""Workflow executions leave logs and traces."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown_attributes, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory, StepFunctionsStateMachine
from coattail.review.model import Finding


@check(
    id="stepfunctions_logging_enabled",
    title="State machines log executions (ERROR or ALL) and trace with X-Ray",
    pillar="operational_excellence",
    bp_id="OPS08-BP02",
    severity="low",
    service="stepfunctions",
    resource_type="AWS::StepFunctions::StateMachine",
    rationale=(
        "Execution logs and traces show which step failed and why without clicking through the console."
    ),
    remediation="Set logging_configuration level ERROR (or ALL) to a log group and enable tracing.",
    remediation_terraform='logging_configuration { level = "ERROR"  include_execution_data = true\n'
    '  log_destination = "${aws_cloudwatch_log_group.sfn.arn}:*" }\ntracing_configuration { enabled = true }',
)
def stepfunctions_logging_enabled(inv: Inventory) -> Findings:
    def judge(m: StepFunctionsStateMachine) -> Finding:
        ok = m.logging_level in ("ALL", "ERROR") and bool(m.tracing_enabled)
        return unknown_attributes(m, "logging_level", "tracing_enabled") or verdict(
            m,
            ok,
            f"logging {m.logging_level}, tracing on",
            f"logging {m.logging_level or 'OFF'}, tracing {'on' if m.tracing_enabled else 'off'}",
            logging_level=m.logging_level,
            tracing_enabled=m.tracing_enabled,
        )

    yield from each(inv, StepFunctionsStateMachine, "Step Functions state machines", judge)
