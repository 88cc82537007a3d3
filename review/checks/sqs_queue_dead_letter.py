"""Queues move messages that keep failing to a dead-letter queue instead of retrying them forever."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import EventBridgeRule, Inventory, LambdaFunction, SNSTopic, SQSQueue
from coattail.review.model import Finding

#: How a Terraform plan shows a redrive target it knows only after apply (configured from another queue).
AFTER_APPLY = "(known after apply)"


def dead_letter_targets(inv: Inventory) -> set[str]:
    """ARNs used as a dead-letter queue by a queue, a function, an SNS subscription or an event target."""
    arns = {q.dead_letter_target_arn for q in inv.by_type(SQSQueue)}
    arns |= {f.dead_letter_target_arn for f in inv.by_type(LambdaFunction)}
    arns |= {s.dead_letter_target_arn for t in inv.by_type(SNSTopic) for s in t.subscriptions}
    arns |= {t.dead_letter_arn for r in inv.by_type(EventBridgeRule) for t in r.targets}
    return {a for a in arns if a and a.startswith("arn:")}


@check(
    id="sqs_queue_dead_letter",
    title="SQS queues have a dead-letter queue (redrive policy)",
    pillar="reliability",
    bp_id="REL05-BP04",
    severity="medium",
    service="sqs",
    resource_type="AWS::SQS::Queue",
    rationale="Without a redrive policy a message its consumers cannot process is received again and again "
    "until it expires: it blocks capacity, hides the failure and is finally lost. Queues that are "
    "themselves a dead-letter queue are exempt.",
    remediation="aws sqs set-queue-attributes --queue-url <url> --attributes "
    '\'{"RedrivePolicy":"{\\"deadLetterTargetArn\\":\\"<DLQ ARN>\\",\\"maxReceiveCount\\":\\"5\\"}"}\'',
    remediation_terraform="redrive_policy = jsonencode({ deadLetterTargetArn = aws_sqs_queue.dlq.arn, "
    "maxReceiveCount = 5 })",
)
def sqs_queue_dead_letter(inv: Inventory) -> Findings:
    targets = dead_letter_targets(inv)
    # a redrive target a plan knows only after apply may be any queue: those without one stay open
    pending = [q.name for q in inv.by_type(SQSQueue) if q.dead_letter_target_arn == AFTER_APPLY]

    def judge(q: SQSQueue) -> Finding:
        if q.id in targets:
            return verdict(q, True, "is a dead-letter queue (exempt)", "", is_dead_letter_queue=True)
        if q.dead_letter_target_arn:
            target = q.dead_letter_target_arn.rsplit(":", 1)[-1]
            return verdict(
                q,
                True,
                f"redrive to {target} after {q.max_receive_count or '?'} receives",
                "",
                dead_letter_target_arn=q.dead_letter_target_arn,
                max_receive_count=q.max_receive_count,
            )
        if pending:
            return unknown(
                q,
                f"no redrive policy, but it may be the dead-letter queue of {', '.join(pending)} "
                "(target known only after apply)",
                may_be_dead_letter_queue_of=pending,
            )
        return verdict(q, False, "", "no redrive policy (no dead-letter queue)", dead_letter_target_arn=None)

    yield from each(inv, SQSQueue, "SQS queues", judge)
