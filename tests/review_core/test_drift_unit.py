"""Drift on hand-built inventories: known-value comparison, missing resources, what is not drift."""

from __future__ import annotations

from coattail.review.collectors.drift import compute_drift, known_equal
from coattail.review.inventory import CloudWatchAlarm, EMRServerlessApp, Inventory, S3Bucket
from coattail.review.model import SourceKind, SourceRun

LIVE, TF = SourceKind.LIVE, SourceKind.TERRAFORM
ARN = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:a"


def _inv(*resources, enumerated=("AWS::CloudWatch::Alarm", "AWS::S3::Bucket")) -> Inventory:
    from datetime import UTC, datetime

    run = SourceRun(kind=LIVE, target="t", collected_at=datetime.now(UTC), ok=True)
    return Inventory.from_resources(list(resources), sources=(run,), live_resource_types=enumerated)


def test_known_equal_ignores_what_one_side_cannot_know() -> None:
    assert known_equal(None, 5) and known_equal({"a": 1, "b": None}, {"a": 1, "b": 2, "c": 3})
    assert known_equal([{"doc": None, "name": "p"}], [{"doc": {"x": 1}, "name": "p"}])
    assert not known_equal([1], [1, 2]) and not known_equal({"a": 1}, {"a": 2})
    assert known_equal(300, 300.0) and not known_equal(True, 1.5)


def test_attribute_drift_missing_resource_and_what_is_not_drift() -> None:
    live_alarm = CloudWatchAlarm(id=ARN, name="a", source=LIVE, threshold=10.0, alarm_actions=())
    tf_alarm = CloudWatchAlarm(id=ARN, name="a", source=TF, threshold=5.0, alarm_actions=("arn:sns",),
                               tf_address="aws_cloudwatch_metric_alarm.a")  # fmt: skip
    gone = S3Bucket(id="arn:aws:s3:::gone", name="gone", source=TF, tf_address="aws_s3_bucket.gone")
    emr_tf = EMRServerlessApp(id="arn:emr", name="spark", source=TF, state=None, architecture="X86_64")
    emr_live = EMRServerlessApp(id="arn:emr", name="spark", source=LIVE, state="STARTED", architecture=None)
    drift = compute_drift(_inv(live_alarm, tf_alarm, gone, emr_tf, emr_live))
    assert sorted((d.resource_id, d.attribute, d.terraform_value, d.live_value) for d in drift) == [
        ("arn:aws:cloudwatch:us-east-1:123456789012:alarm:a", "alarm_actions", ["arn:sns"], []),
        ("arn:aws:cloudwatch:us-east-1:123456789012:alarm:a", "threshold", 5.0, 10.0),
        ("arn:aws:s3:::gone", "exists", True, False),
    ]  # EMR: lifecycle state and an attribute live cannot see are not drift


def test_no_missing_claim_for_types_live_did_not_enumerate_or_without_live() -> None:
    gone = S3Bucket(id="arn:aws:s3:::gone", name="gone", source=TF, tf_address="aws_s3_bucket.gone")
    assert compute_drift(_inv(gone, enumerated=("AWS::CloudWatch::Alarm",))) == ()
    assert compute_drift(Inventory.from_resources([gone])) == ()  # no live source at all


def test_unknown_until_apply_is_not_drift() -> None:
    live = S3Bucket(id="arn:aws:s3:::b", name="b", source=LIVE, versioning="Enabled")
    planned = S3Bucket(
        id="arn:aws:s3:::b", name="b", source=TF, versioning=None, unknown_attributes=("versioning",)
    )
    assert compute_drift(_inv(live, planned)) == ()
