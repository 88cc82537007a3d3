"""SQS queues deny requests that do not use TLS."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown_attributes, verdict
from coattail.review.checks._registry import check
from coattail.review.checks._transport_policy import denies_plain_transport
from coattail.review.inventory import Inventory, SQSQueue
from coattail.review.model import Finding


@check(
    id="sqs_queue_tls_only_policy",
    title="SQS queues policies deny requests without TLS",
    pillar="security",
    bp_id="SEC09-BP02",
    severity="medium",
    service="sqs",
    resource_type="AWS::SQS::Queue",
    rationale="The SQS API also answers plain HTTP; only a queue policy denying aws:SecureTransport=false "
    "guarantees no client sends or reads messages unencrypted in transit.",
    remediation="aws sqs set-queue-attributes --queue-url <url> "
    "--attributes Policy=<policy with the Deny statement>",
    remediation_terraform=(
        'statement { effect = "Deny"  actions = ["sqs:*"]  resources = [queue_arn]\n'
        '  principals { type = "*"  identifiers = ["*"] }\n'
        '  condition { test = "Bool"  variable = "aws:SecureTransport"  values = ["false"] } }'
    ),
)
def sqs_queue_tls_only_policy(inv: Inventory) -> Findings:
    def judge(r: SQSQueue) -> Finding:
        return unknown_attributes(r, "policy") or verdict(
            r,
            denies_plain_transport(r.policy, ("sqs:SendMessage", "sqs:ReceiveMessage")),
            "queue policy denies sending and receiving when aws:SecureTransport is false",
            "no queue policy statement denies non-TLS requests"
            if r.policy
            else "no queue policy (non-TLS requests not denied)",
            has_policy=r.policy is not None,
        )

    yield from each(inv, SQSQueue, "SQS queues", judge)
