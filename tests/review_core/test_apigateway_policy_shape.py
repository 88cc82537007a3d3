"""API Gateway answers a REST API's policy JSON-escaped once more (``{\\"Version\\":...}``, ``\\/``);
moto answers it plain. Both read as the same policy."""

from __future__ import annotations

import json
from typing import Any

from coattail.review.collectors.live.spec import Context
from coattail.review.collectors.live.specs.edge import _rest_api
from coattail.review.collectors.values import escaped_resource_policy

POLICY: dict[str, Any] = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "execute-api:Invoke",
            "Resource": "arn:aws:execute-api:us-east-1:123456789012:a1b2c3/*",
            "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}},
        }
    ],
}


def _as_api_gateway_answers(document: dict[str, Any]) -> str:
    # json.dumps escapes '"'; API Gateway also escapes '/': what botocore hands over after decoding
    return json.dumps(json.dumps(document, separators=(",", ":")))[1:-1].replace("/", "\\/")


def test_escaped_and_plain_policies_read_alike() -> None:
    escaped = _as_api_gateway_answers(POLICY)
    assert escaped.startswith('{\\"Version\\"') and "\\/" in escaped
    plain = escaped_resource_policy(json.dumps(POLICY))
    assert plain is not None and escaped_resource_policy(escaped) == plain
    assert plain.statements[0].conditions == {"IpAddress": {"aws:SourceIp": ("203.0.113.0/24",)}}
    assert escaped_resource_policy(None) is None and escaped_resource_policy("") is None


def test_live_rest_api_carries_its_policy() -> None:
    raw = {
        "item": {"id": "a1b2c3", "name": "orders", "policy": _as_api_gateway_answers(POLICY)},
        "resources": [{"path": "/"}],
    }
    api = _rest_api(raw, Context(account="123456789012", region="us-east-1"))
    assert api.policy is not None and api.policy.statements[0].resources == (
        "arn:aws:execute-api:us-east-1:123456789012:a1b2c3/*",
    )
