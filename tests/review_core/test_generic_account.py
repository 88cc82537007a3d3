"""`ctc-review score` on an account that does not hold the platform, without --review-profile.

A second, empty emulator seeded with a few ordinary resources: the tool picks the generic profile
and says why, no claim check runs (all NOT_APPLICABLE, none FAILS), best practices judge everything.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from click.testing import CliRunner

from coattail.review.cli import cli

pytestmark = [pytest.mark.emulator]


@pytest.fixture(scope="module")
def other_account(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from coattail.emulator.server import EmulatorServer

    server = EmulatorServer(port=0, log_dir=tmp_path_factory.mktemp("other-account"))
    server.start()
    try:
        yield server.endpoint_url
    finally:
        server.stop()


def _seed(endpoint_url: str) -> None:
    session = boto3.session.Session(region_name="us-east-1")

    def client(service: Any) -> Any:
        return session.client(service, endpoint_url=endpoint_url, aws_access_key_id="test",
                              aws_secret_access_key="test")  # fmt: skip

    client("s3").create_bucket(Bucket="shop-invoices")
    client("sns").create_topic(Name="shop-orders")
    client("sqs").create_queue(QueueName="shop-jobs")
    client("kinesis").create_stream(StreamName="shop-clicks", StreamModeDetails={"StreamMode": "ON_DEMAND"})
    client("dynamodb").create_table(
        TableName="shop-carts",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    client("ssm").put_parameter(Name="/shop/prod/db-host", Value="db.internal", Type="String")


def test_an_account_without_the_platform_gets_the_generic_profile_and_no_claim_fails(
    other_account: str, tmp_path: Path
) -> None:
    _seed(other_account)
    args = ["score", "--endpoint-url", other_account, "--output-dir", str(tmp_path), "--no-reports"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code in (0, 3), result.output
    assert "review profile: generic (no SSM parameter under /ctc/dev/" in result.output
    data = json.loads((tmp_path / "results.json").read_text())
    assert data["profile_id"] == "generic" and data["decisions"] == []
    claims = [c for c in data["checks"] if c["meta"]["kind"] == "claim"]
    assert claims and all(c["status"] == "NOT_APPLICABLE" for c in claims)
    practices = [c for c in data["checks"] if c["meta"]["kind"] != "claim"]
    judged = {f["resource_id"].rsplit(":", 1)[-1].rsplit("/", 1)[-1]
              for c in practices for f in c["findings"] if f["status"] in ("PASS", "FAIL")}  # fmt: skip
    assert {"shop-invoices", "shop-orders", "shop-clicks", "shop-carts"} <= judged
