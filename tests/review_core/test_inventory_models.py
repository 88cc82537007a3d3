"""Unit tests of the typed inventory models and their parsers."""

from __future__ import annotations

import json

import pydantic
import pytest

from coattail.review import inventory as inv
from coattail.review.inventory import (
    RESOURCE_FIELDS,
    Inventory,
    PolicyDocument,
    Resource,
    S3Bucket,
    SfnDefinition,
    parse_dashboard_body,
    parse_gb,
    parse_vcpu,
)
from coattail.review.model import Drift, NotAssessed, SourceKind


def _all_resource_classes() -> set[type[Resource]]:
    return {
        obj
        for obj in vars(inv).values()
        if isinstance(obj, type) and issubclass(obj, Resource) and obj is not Resource
    }


def test_every_resource_type_has_an_inventory_field_and_terraform_type() -> None:
    classes = _all_resource_classes()
    assert classes == set(RESOURCE_FIELDS)
    for cls, field in RESOURCE_FIELDS.items():
        assert field in Inventory.model_fields, field
        assert cls.tf_types, cls.__name__
        assert cls.resource_type.startswith("AWS::"), cls.__name__
    assert len(set(RESOURCE_FIELDS.values())) == len(RESOURCE_FIELDS)


def test_policy_document_wildcards_and_mfa() -> None:
    doc = PolicyDocument.parse(
        json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
                    {"Effect": "Allow", "Action": ["kinesis:PutRecord"], "Resource": ["arn:aws:kinesis:x"]},
                ],
            }
        )
    )
    assert doc is not None
    first, second = doc.statements
    assert first.wildcard_actions == ("s3:*",) and first.wildcard_resource
    assert second.wildcard_actions == () and not second.wildcard_resource
    assert not doc.requires_mfa

    trust = PolicyDocument.parse(
        {
            "Statement": {
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
                "Action": "sts:AssumeRole",
                "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}},
            }
        }
    )
    assert trust is not None and trust.requires_mfa
    assert trust.statements[0].principal_values() == ("arn:aws:iam::123456789012:root",)
    # URL-encoded documents (as IAM's API returns them) parse too
    assert PolicyDocument.parse("%7B%22Statement%22%3A%5B%5D%7D") == PolicyDocument(statements=())
    assert PolicyDocument.parse(None) is None
    with pytest.raises(ValueError, match="not valid JSON"):
        PolicyDocument.parse("{nope")


def test_capacity_parsers() -> None:
    assert parse_vcpu("4 vCPU") == 4.0
    assert parse_vcpu("2vCPU") == 2.0
    assert parse_gb("8 GB") == 8.0
    assert parse_gb("4096 MB") == 4.0
    assert parse_gb(None) is None
    with pytest.raises(ValueError, match="cannot parse capacity"):
        parse_gb("lots")


def test_dashboard_body_resolves_dot_shorthand() -> None:
    body = {
        "widgets": [
            {
                "type": "metric",
                "properties": {
                    "title": "Kinesis",
                    "metrics": [
                        ["AWS/Kinesis", "IncomingRecords", "StreamName", "a"],
                        [".", "GetRecords.IteratorAgeMilliseconds", ".", "."],
                    ],
                },
            },
            {"type": "text", "properties": {"markdown": "hi"}},
        ]
    }
    widgets = parse_dashboard_body(json.dumps(body))
    assert [w.type for w in widgets] == ["metric", "text"]
    assert [(m.namespace, m.metric_name) for m in widgets[0].metrics] == [
        ("AWS/Kinesis", "IncomingRecords"),
        ("AWS/Kinesis", "GetRecords.IteratorAgeMilliseconds"),
    ]


def test_state_machine_definition_flattens_nested_states() -> None:
    definition = SfnDefinition.parse(
        {
            "StartAt": "Load",
            "States": {
                "Load": {
                    "Type": "Task",
                    "Resource": "arn:aws:states:::lambda:invoke",
                    "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 2, "BackoffRate": 2.0}],
                    "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Alert"}],
                    "Next": "Fan",
                },
                "Fan": {
                    "Type": "Parallel",
                    "Branches": [{"StartAt": "Inner", "States": {"Inner": {"Type": "Task", "End": True}}}],
                    "End": True,
                },
                "Alert": {"Type": "Fail"},
            },
        }
    )
    assert definition is not None
    assert [s.name for s in definition.tasks] == ["Load", "Inner"]
    load = definition.state("Load")
    assert load is not None and load.retry[0].max_attempts == 2 and load.catch[0].next == "Alert"
    inner = definition.state("Inner")
    assert inner is not None and inner.parent == "Fan" and inner.retry == ()


def _bucket(name: str, source: SourceKind, **kw: object) -> S3Bucket:
    return S3Bucket(id=f"arn:aws:s3:::{name}", name=name, source=source, **kw)  # type: ignore[arg-type]


def test_inventory_typed_access_filters_and_merge() -> None:
    live = Inventory.from_resources(
        [_bucket("a", SourceKind.LIVE, versioning="Enabled")],
        not_assessed=(NotAssessed(service="kinesis", source=SourceKind.LIVE, reason="AccessDenied"),),
    )
    tf = Inventory.from_resources([_bucket("a", SourceKind.TERRAFORM, tf_address="aws_s3_bucket.a")])
    both = live.merge(tf, Inventory(drift=(Drift(resource_type="x", resource_id="a", attribute="v"),)))
    assert len(both.by_type(S3Bucket)) == 2
    assert both.for_source(SourceKind.TERRAFORM).s3_buckets[0].tf_address == "aws_s3_bucket.a"
    assert both.for_source(SourceKind.TERRAFORM).not_assessed == ()
    assert not both.assessed("kinesis") and both.assessed("kinesis", SourceKind.TERRAFORM)
    assert both.assessed("s3")
    assert both.counts == {"s3_buckets": 2}
    assert len(both.drift) == 1
    assert both.find("aws_s3_bucket.a") is not None
    assert live.s3_buckets[0].versioning_enabled
    assert live.s3_buckets[0].arn == "arn:aws:s3:::a"


def test_models_are_frozen_and_strict() -> None:
    bucket = _bucket("a", SourceKind.LIVE)
    with pytest.raises(pydantic.ValidationError):
        bucket.name = "b"
    with pytest.raises(pydantic.ValidationError, match="extra"):
        S3Bucket(id="x", name="x", source=SourceKind.LIVE, colour="red")  # type: ignore[call-arg]
    # attributes() excludes identity/provenance, so live and terraform twins compare equal
    assert bucket.attributes() == _bucket("a", SourceKind.TERRAFORM, tf_address="t").attributes()
