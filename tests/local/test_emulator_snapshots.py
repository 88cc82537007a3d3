"""Emulator snapshots: a restore brings back exactly the state taken, in every service touched."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from coattail.emulator.server import EmulatorError, EmulatorServer

pytestmark = pytest.mark.emulator


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorServer]:
    with EmulatorServer(port=0, log_dir=tmp_path_factory.mktemp("snapshots")) as s:
        yield s


def _client(server: EmulatorServer, service: str) -> Any:
    return boto3.client(  # type: ignore[call-overload]
        service,
        endpoint_url=server.endpoint_url,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )


def test_restore_brings_back_objects_queues_parameters_and_empties_later_services(
    server: EmulatorServer,
) -> None:
    s3, sqs, ssm = (_client(server, s) for s in ("s3", "sqs", "ssm"))
    server.reset()
    s3.create_bucket(Bucket="kept")
    s3.put_object(Bucket="kept", Key="a.txt", Body=b"first")
    queue = sqs.create_queue(QueueName="kept-queue")["QueueUrl"]  # SQS queues hold thread locks
    sqs.send_message(QueueUrl=queue, MessageBody="hello")
    ssm.put_parameter(Name="/kept/p", Value="v1", Type="String")  # SSM's parameter dictionary
    server.snapshot("t1")

    s3.put_object(Bucket="kept", Key="a.txt", Body=b"overwritten")
    s3.create_bucket(Bucket="later")
    sqs.delete_queue(QueueUrl=queue)
    ssm.put_parameter(Name="/kept/p", Value="v2", Type="String", Overwrite=True)
    _client(server, "sns").create_topic(Name="first-used-after-the-snapshot")

    server.restore("t1")
    assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["kept"]
    assert s3.get_object(Bucket="kept", Key="a.txt")["Body"].read() == b"first"
    got = sqs.receive_message(QueueUrl=queue)["Messages"]
    assert [m["Body"] for m in got] == ["hello"]
    assert ssm.get_parameter(Name="/kept/p")["Parameter"]["Value"] == "v1"
    assert _client(server, "sns").list_topics()["Topics"] == []

    # a restore serves a copy: changing the restored state leaves the snapshot as taken
    s3.delete_object(Bucket="kept", Key="a.txt")
    server.restore("t1")
    assert s3.get_object(Bucket="kept", Key="a.txt")["Body"].read() == b"first"


def test_unknown_snapshot_and_wrong_method_are_named(server: EmulatorServer) -> None:
    server.snapshot("known")
    with pytest.raises(EmulatorError, match=r"HTTP 404: .*no snapshot named 'never-taken'.*known"):
        server.restore("never-taken")
    with pytest.raises(urllib.error.HTTPError) as wrong:
        urllib.request.urlopen(server.endpoint_url + "/ctc-api/snapshots/known", timeout=5)
    assert wrong.value.code == 405 and "takes POST" in wrong.value.read().decode()
    with urllib.request.urlopen(server.endpoint_url + "/ctc-api/snapshots", timeout=5) as listing:
        assert "known" in json.loads(listing.read())["snapshots"]


def test_moto_requests_still_reach_moto(server: EmulatorServer) -> None:
    with urllib.request.urlopen(server.endpoint_url + "/moto-api/", timeout=5) as response:
        assert response.status == 200
