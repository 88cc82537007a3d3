"""SNS deliveries to queues and functions that keep failing are kept in a dead-letter queue."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory, SNSTopic
from coattail.review.model import Finding

#: Protocols whose failed deliveries SNS retries a few times, then drops unless a DLQ is set.
PROTOCOLS = ("sqs", "lambda")


@check(
    id="sns_subscription_dead_letter",
    title="SNS subscriptions to SQS and Lambda have a dead-letter queue",
    pillar="reliability",
    bp_id="REL05-BP04",
    severity="medium",
    service="sns",
    resource_type="AWS::SNS::Topic",
    rationale="When an SQS or Lambda endpoint is unavailable (deleted queue, KMS or policy denial, "
    "throttling) SNS retries and then discards the message; a subscription redrive policy keeps it. "
    "Judged per topic over its sqs/lambda subscriptions.",
    remediation="aws sns set-subscription-attributes --subscription-arn <arn> --attribute-name RedrivePolicy "
    '--attribute-value \'{"deadLetterTargetArn":"<SQS DLQ ARN>"}\'',
    remediation_terraform="redrive_policy = jsonencode({ deadLetterTargetArn = aws_sqs_queue.sns_dlq.arn })",
)
def sns_subscription_dead_letter(inv: Inventory) -> Findings:
    def judge(t: SNSTopic) -> Finding:
        subs = [s for s in t.subscriptions if s.protocol in PROTOCOLS]
        unread = [s.endpoint or s.protocol for s in subs if not s.attributes_read]
        missing = [
            s.endpoint or s.protocol for s in subs if s.attributes_read and not s.dead_letter_target_arn
        ]
        short = [e.rsplit(":", 1)[-1] for e in missing]
        if missing:
            return verdict(t, False, "", f"no dead-letter queue for {', '.join(short)}", without_dlq=missing)
        if unread:
            return unknown(t, f"subscription attributes not read for {', '.join(unread)}", unread=unread)
        return verdict(
            t,
            True,
            f"{len(subs)} sqs/lambda subscription(s), each with a dead-letter queue",
            "",
            dead_letter_targets=sorted({s.dead_letter_target_arn or "" for s in subs}),
        )

    yield from each(
        inv,
        SNSTopic,
        "SNS topics with SQS or Lambda subscriptions",
        judge,
        select=lambda t: any(s.protocol in PROTOCOLS for s in t.subscriptions),
    )
