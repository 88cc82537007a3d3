"""CloudTrail delivery health on recorded responses.

The emulator (moto 5.2.5) never reports a delivery error and refreshes a logging trail's last
delivery time on every GetTrailStatus, so ``cloudtrail_delivery_healthy`` is shown here: botocore-shaped
DescribeTrails / GetTrailStatus / GetEventSelectors / ListTags answers, validated against botocore's
service model (by hand and again by the Stubber), go through the live spec into the inventory and the
check.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import botocore.session
from botocore.stub import Stubber
from botocore.validate import validate_parameters

from coattail.review.checks._registry import load_checks
from coattail.review.collectors.live.interpreter import Interpreter
from coattail.review.collectors.live.spec import Context
from coattail.review.collectors.live.specs.governance import TRAILS
from coattail.review.inventory import Inventory
from coattail.review.model import SourceKind, SourceRun, Status

CTX = Context(account="123456789012", region="eu-west-1")
READ_AT = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
RUN = SourceRun(kind=SourceKind.LIVE, target="123456789012/eu-west-1", collected_at=READ_AT, ok=True)
ARN = "arn:aws:cloudtrail:eu-west-1:123456789012:trail/audit"
CHECK = next(c for c in load_checks() if c.id == "cloudtrail_delivery_healthy")


def _valid(operation: str, response: dict[str, Any]) -> dict[str, Any]:
    model = botocore.session.get_session().get_service_model("cloudtrail").operation_model(operation)
    assert model.output_shape is not None
    validate_parameters(response, model.output_shape)  # raises on any shape mismatch
    return response


def _verdict(status: dict[str, Any]) -> tuple[Status, str]:
    client = boto3.client(
        "cloudtrail", region_name=CTX.region, aws_access_key_id="x", aws_secret_access_key="y"
    )
    stub = Stubber(client)
    trail = {
        "Name": "audit",
        "TrailARN": ARN,
        "S3BucketName": "audit-logs",
        "IsMultiRegionTrail": True,
        "HomeRegion": "eu-west-1",
        "LogFileValidationEnabled": True,
    }
    stub.add_response("describe_trails", _valid("DescribeTrails", {"trailList": [trail]}))
    stub.add_response("get_trail_status", _valid("GetTrailStatus", status), {"Name": ARN})
    stub.add_response(
        "get_event_selectors",
        _valid("GetEventSelectors", {"TrailARN": ARN, "EventSelectors": []}),
        {"TrailName": ARN},
    )
    stub.add_response(
        "list_tags",
        _valid("ListTags", {"ResourceTagList": [{"ResourceId": ARN, "TagsList": []}]}),
        {"ResourceIdList": [ARN]},
    )
    with stub:
        found = Interpreter(lambda _: client, CTX).run(TRAILS)
    stub.assert_no_pending_responses()
    inv = Inventory.from_resources(found, sources=(RUN,))
    ((f,),) = [list(CHECK.run(inv))]
    assert f.resource_id == ARN
    return f.status, f.message


def test_a_trail_delivering_every_few_minutes_passes() -> None:
    status, message = _verdict({"IsLogging": True, "LatestDeliveryTime": READ_AT - timedelta(minutes=6)})
    assert status == Status.PASS and "0.1 h before the review" in message


def test_a_delivery_error_fails_and_is_named() -> None:
    status, message = _verdict(
        {
            "IsLogging": True,
            "LatestDeliveryError": "AccessDenied",
            "LatestDeliveryTime": READ_AT - timedelta(days=3),
            "LatestDeliveryAttemptTime": "2026-03-01T11:55:00Z",
            "LatestDeliveryAttemptSucceeded": "",
        }
    )
    assert status == Status.FAIL and "failed: AccessDenied" in message and "s3://audit-logs" in message


def test_a_trail_that_stopped_delivering_fails_on_the_review_clock() -> None:
    status, message = _verdict({"IsLogging": True, "LatestDeliveryTime": READ_AT - timedelta(hours=40)})
    assert status == Status.FAIL and "40.0 h before the review" in message


def test_a_trail_that_never_delivered_is_not_evidenced() -> None:
    status, message = _verdict({"IsLogging": True})
    assert status == Status.UNKNOWN and "last reached the bucket" in message
