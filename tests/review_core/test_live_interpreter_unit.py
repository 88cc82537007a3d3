"""The spec interpreter with botocore's Stubber: paging styles, missing-as-None, fan-out cache, errors."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from coattail.review.collectors.live.interpreter import Interpreter, SpecFailed
from coattail.review.collectors.live.spec import Context, Detail, ResourceSpec
from coattail.review.collectors.live.specs.storage import KINESIS_STREAMS, LF_PERMISSIONS
from coattail.review.inventory import S3Bucket
from coattail.review.model import SourceKind

CTX = Context(account="123456789012", region="us-east-1")
KEYS = {"aws_access_key_id": "x", "aws_secret_access_key": "y"}


class Clients:
    def __init__(self) -> None:
        self.clients: dict[str, Any] = {}

    def stub(self, service: str) -> Stubber:
        client = boto3.client(service, region_name="us-east-1", **KEYS)  # type: ignore[call-overload]
        self.clients[service] = client
        stubber = Stubber(client)
        stubber.activate()
        return stubber

    def __call__(self, service: str) -> Any:
        return self.clients[service]


def _grants(principal: str, db: str) -> dict[str, Any]:
    grant = {
        "Principal": {"DataLakePrincipalIdentifier": principal},
        "Resource": {"Database": {"Name": db}},
        "Permissions": ["DESCRIBE"],
        "PermissionsWithGrantOption": [],
    }
    return {"PrincipalResourcePermissions": [grant]}


def test_next_token_is_followed_when_botocore_has_no_paginator() -> None:
    clients = Clients()
    stub = clients.stub("lakeformation")
    stub.add_response("list_permissions", {**_grants("a", "db1"), "NextToken": "t"})
    stub.add_response("list_permissions", _grants("b", "db2"), {"NextToken": "t"})
    found = Interpreter(clients, CTX).run(LF_PERMISSIONS)
    pairs = [(p.principal, p.resource) for p in found]  # type: ignore[attr-defined]
    assert pairs == [("a", "database:db1"), ("b", "database:db2")]
    stub.assert_no_pending_responses()


def _summary(name: str) -> dict[str, Any]:
    return {
        "StreamDescriptionSummary": {
            "StreamName": name,
            "StreamARN": f"arn:aws:kinesis:us-east-1:123456789012:stream/{name}",
            "StreamStatus": "ACTIVE",
            "RetentionPeriodHours": 24,
            "StreamCreationTimestamp": "2026-01-01T00:00:00Z",
            "EnhancedMonitoring": [],
            "OpenShardCount": 1,
        }
    }


def test_legacy_marker_paging_for_kinesis_list_streams() -> None:
    clients = Clients()
    stub = clients.stub("kinesis")
    stub.add_response("list_streams", {"StreamNames": ["a"], "HasMoreStreams": True})
    last = {"StreamNames": ["b"], "HasMoreStreams": False}
    stub.add_response("list_streams", last, {"ExclusiveStartStreamName": "a"})
    for name in ("a", "b"):
        stub.add_response("describe_stream_summary", _summary(name), {"StreamName": name})
    for name in ("a", "b"):
        stub.add_response("list_tags_for_stream", {"Tags": [], "HasMoreTags": False}, {"StreamName": name})
    for name in ("a", "b"):
        arn = _summary(name)["StreamDescriptionSummary"]["StreamARN"]
        stub.add_response("list_stream_consumers", {"Consumers": []}, {"StreamARN": arn})
    for name in ("a", "b"):
        arn = _summary(name)["StreamDescriptionSummary"]["StreamARN"]
        # Kinesis answers an empty document when the stream has no resource policy
        policy = "{}" if name == "a" else json.dumps(
            {"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::999988887777:root"},
                            "Action": "kinesis:GetRecords", "Resource": arn}]}
        )  # fmt: skip
        stub.add_response("get_resource_policy", {"Policy": policy}, {"ResourceARN": arn})
    streams = Interpreter(clients, CTX).run(KINESIS_STREAMS)
    assert [s.name for s in streams] == ["a", "b"]
    assert streams[0].policy is None  # type: ignore[attr-defined]
    assert streams[1].policy.statements[0].principal_values() == ("arn:aws:iam::999988887777:root",)  # type: ignore[attr-defined]
    stub.assert_no_pending_responses()


def _bucket_spec(*details: Detail) -> ResourceSpec:
    def normalise(raw: dict[str, Any], ctx: Context) -> S3Bucket:
        name = raw["item"]["Name"]
        versioning = (raw.get("v") or {}).get("Status")
        return S3Bucket(id=f"arn:aws:s3:::{name}", name=name, source=SourceKind.LIVE, versioning=versioning)

    return ResourceSpec(
        model=S3Bucket,
        service="s3",
        list_operation="list_buckets",
        list_path="Buckets",
        details=details,
        normalise=normalise,
    )


def _two_buckets(stub: Stubber) -> None:
    stub.add_response("list_buckets", {"Buckets": [{"Name": "one"}, {"Name": "two"}]})


def test_identical_calls_are_made_once_when_cached() -> None:
    clients = Clients()
    stub = clients.stub("s3")
    _two_buckets(stub)
    stub.add_response("get_bucket_versioning", {"Status": "Enabled"}, {"Bucket": "shared"})
    shared = Detail("v", "get_bucket_versioning", lambda r: {"Bucket": "shared"}, cache=True)
    found = Interpreter(clients, CTX).run(_bucket_spec(shared))
    assert [b.versioning for b in found] == ["Enabled", "Enabled"]  # type: ignore[attr-defined]
    stub.assert_no_pending_responses()

    clients = Clients()
    stub = clients.stub("s3")
    _two_buckets(stub)
    stub.add_response("get_bucket_versioning", {"Status": "Enabled"}, {"Bucket": "shared"})
    uncached = Detail("v", "get_bucket_versioning", lambda r: {"Bucket": "shared"})
    with pytest.raises(SpecFailed, match="Unexpected"):  # the second call was not stubbed
        Interpreter(clients, CTX).run(_bucket_spec(uncached))


def test_missing_code_gives_none_other_errors_fail_the_spec() -> None:
    detail = Detail("v", "get_bucket_versioning", lambda r: {"Bucket": "one"}, missing=("NoSuchThing",))
    clients = Clients()
    stub = clients.stub("s3")
    stub.add_response("list_buckets", {"Buckets": [{"Name": "one"}]})
    stub.add_client_error("get_bucket_versioning", "NoSuchThing")
    (bucket,) = Interpreter(clients, CTX).run(_bucket_spec(detail))
    assert bucket.versioning is None  # type: ignore[attr-defined]

    clients = Clients()
    stub = clients.stub("s3")
    stub.add_response("list_buckets", {"Buckets": [{"Name": "one"}]})
    stub.add_client_error("get_bucket_versioning", "AccessDenied", "no", http_status_code=403)
    with pytest.raises(SpecFailed) as failed:
        Interpreter(clients, CTX).run(_bucket_spec(detail))
    assert failed.value.error_code == "AccessDenied" and "GetBucketVersioning" in failed.value.reason
