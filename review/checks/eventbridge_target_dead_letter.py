"""Events a rule cannot deliver are retried within bounds and then kept, not dropped."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import EventBridgeRule, EventTarget, Inventory
from coattail.review.model import Finding


def _gaps(t: EventTarget) -> list[str]:
    out = [] if t.dead_letter_arn else ["no dead-letter queue"]
    if t.retry_max_attempts is None and t.retry_max_event_age_seconds is None:
        out.append("no retry policy")
    return out


@check(
    id="eventbridge_target_dead_letter",
    title="EventBridge rule targets have a dead-letter queue and a retry policy",
    pillar="reliability",
    bp_id="REL05-BP03",
    severity="medium",
    service="events",
    resource_type="AWS::Events::Rule",
    rationale="An event EventBridge cannot deliver (target throttled, deleted, permission denied) is "
    "retried for up to 24 hours by default and then dropped; a retry policy bounds the retries to what "
    "the workload tolerates and a dead-letter queue keeps what could not be delivered.",
    remediation="aws events put-targets --rule <rule> --targets "
    "'Id=<id>,Arn=<target ARN>,DeadLetterConfig={Arn=<SQS DLQ ARN>},"
    "RetryPolicy={MaximumRetryAttempts=8,MaximumEventAgeInSeconds=3600}'",
    remediation_terraform="dead_letter_config { arn = aws_sqs_queue.events_dlq.arn }\n"
    "retry_policy { maximum_retry_attempts = 8  maximum_event_age_in_seconds = 3600 }",
)
def eventbridge_target_dead_letter(inv: Inventory) -> Findings:
    def judge(r: EventBridgeRule) -> Finding:
        problems = {t.id: _gaps(t) for t in r.targets if _gaps(t)}
        return verdict(
            r,
            not problems,
            f"{len(r.targets)} target(s), each with a dead-letter queue and a retry policy",
            "; ".join(f"target {i}: {', '.join(p)}" for i, p in sorted(problems.items())),
            targets={
                t.id: {
                    "dead_letter_arn": t.dead_letter_arn,
                    "retry_max_attempts": t.retry_max_attempts,
                    "retry_max_event_age_seconds": t.retry_max_event_age_seconds,
                }
                for t in r.targets
            },
        )

    yield from each(
        inv, EventBridgeRule, "EventBridge rules with targets", judge, select=lambda r: bool(r.targets)
    )
