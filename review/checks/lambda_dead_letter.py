"""Failed asynchronous invocations are kept, not lost."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, matches, unknown_attributes, verdict
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import Inventory, LambdaFunction
from coattail.review.model import Finding


@check(
    id="lambda_dead_letter",
    title="Lambda functions invoked asynchronously have a dead-letter target",
    pillar="reliability",
    bp_id="REL05-BP04",
    severity="medium",
    service="lambda",
    resource_type="AWS::Lambda::Function",
    rationale="After its retries an async event is discarded; a DLQ keeps it for inspection and replay.",
    remediation="Set dead_letter_config to an SQS queue (or an on-failure destination).",
    remediation_terraform="dead_letter_config { target_arn = aws_sqs_queue.lambda_dlq.arn }",
    params={"functions": ["*"]},
)
def lambda_dead_letter(inv: Inventory, p: Params) -> Findings:
    def judge(f: LambdaFunction) -> Finding:
        return unknown_attributes(f, "dead_letter_target_arn") or verdict(
            f,
            bool(f.dead_letter_target_arn),
            f"dead-letter target {(f.dead_letter_target_arn or '').rsplit(':', 1)[-1]}",
            "no dead-letter target",
            dead_letter_target_arn=f.dead_letter_target_arn,
        )

    yield from each(
        inv, LambdaFunction, "Lambda functions", judge, select=lambda f: matches(f.name, p.strs("functions"))
    )
