"""Several accounts (assumed roles) and several regions in one live run."""

from __future__ import annotations

import boto3
import pytest

from coattail.review.collectors.live import LiveOptions, collect_live
from coattail.review.collectors.live.specs.storage import KINESIS_STREAMS, S3_BUCKETS

pytestmark = pytest.mark.emulator
OTHER_ACCOUNT = "111111111111"


def _assumed(endpoint_url: str, role_arn: str, region: str) -> boto3.session.Session:
    sts = boto3.client("sts", region_name=region, endpoint_url=endpoint_url)
    creds = sts.assume_role(RoleArn=role_arn, RoleSessionName="test")["Credentials"]
    return boto3.session.Session(
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"],
        region_name=region,
    )


def test_two_accounts_and_two_regions_in_one_run(emulator, endpoint_url) -> None:
    role_b = f"arn:aws:iam::{OTHER_ACCOUNT}:role/ctc-review-audit"
    other = _assumed(endpoint_url, role_b, "eu-west-1")
    s3 = other.client("s3", endpoint_url=endpoint_url)
    kinesis = other.client("kinesis", endpoint_url=endpoint_url)
    s3.create_bucket(
        Bucket="ctc-review-other-account", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
    )
    kinesis.create_stream(StreamName="ctc-review-eu-stream", ShardCount=1)
    try:
        options = LiveOptions(
            endpoint_url=endpoint_url,
            regions=("us-east-1", "eu-west-1"),
            role_arns=("arn:aws:iam::123456789012:role/ctc-review-audit", role_b),
            specs=(S3_BUCKETS, KINESIS_STREAMS),
        )
        inv = collect_live(options).inventory
    finally:
        kinesis.delete_stream(StreamName="ctc-review-eu-stream")
        s3.delete_bucket(Bucket="ctc-review-other-account")
    assert inv.not_assessed == ()
    assert sorted(s.target.split(";")[0] for s in inv.sources) == [
        "account 111111111111 via " + role_b,
        "account 123456789012 via arn:aws:iam::123456789012:role/ctc-review-audit",
    ]
    bucket = next(b for b in inv.s3_buckets if b.name == "ctc-review-other-account")
    assert (bucket.account, bucket.region) == (OTHER_ACCOUNT, "eu-west-1")
    stream = next(s for s in inv.kinesis_streams if s.name == "ctc-review-eu-stream")
    assert (stream.account, stream.region) == (OTHER_ACCOUNT, "eu-west-1")
    assert stream.id == f"arn:aws:kinesis:eu-west-1:{OTHER_ACCOUNT}:stream/ctc-review-eu-stream"
    # S3 is listed once per account (a global service), not once per region
    assert len([b for b in inv.s3_buckets if b.name == "ctc-review-other-account"]) == 1
