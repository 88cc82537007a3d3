"""SNS topics deny requests that do not use TLS."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown_attributes, verdict
from coattail.review.checks._registry import check
from coattail.review.checks._transport_policy import denies_plain_transport
from coattail.review.inventory import Inventory, SNSTopic
from coattail.review.model import Finding


@check(
    id="sns_topic_tls_only_policy",
    title="SNS topics policies deny requests without TLS",
    pillar="security",
    bp_id="SEC09-BP02",
    severity="medium",
    service="sns",
    resource_type="AWS::SNS::Topic",
    rationale="The SNS API also answers plain HTTP; only a topic policy denying sns:Publish when "
    "aws:SecureTransport is false guarantees no client publishes messages unencrypted in transit.",
    remediation="aws sns set-topic-attributes --topic-arn <arn> --attribute-name Policy "
    "--attribute-value <policy with the Deny statement>",
    remediation_terraform=(
        'statement { effect = "Deny"  actions = ["sns:Publish"]  resources = [topic_arn]\n'
        '  principals { type = "*"  identifiers = ["*"] }\n'
        '  condition { test = "Bool"  variable = "aws:SecureTransport"  values = ["false"] } }'
    ),
)
def sns_topic_tls_only_policy(inv: Inventory) -> Findings:
    def judge(r: SNSTopic) -> Finding:
        return unknown_attributes(r, "policy") or verdict(
            r,
            denies_plain_transport(r.policy, ("sns:Publish",)),
            "topic policy denies publishing when aws:SecureTransport is false",
            "no topic policy statement denies non-TLS requests"
            if r.policy
            else "no topic policy (non-TLS requests not denied)",
            has_policy=r.policy is not None,
        )

    yield from each(inv, SNSTopic, "SNS topics", judge)
