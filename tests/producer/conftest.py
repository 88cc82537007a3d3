"""Helpers for the producer/simulator tests: fresh Kinesis streams in the emulator, stream readers,
an in-process producer wired to a simulator, and a Kinesis client that fails chosen entries."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from coattail.producer.app import Producer, Streams, simulator_urls
from coattail.producer.config import load_config
from coattail.producer.metrics import Counters
from coattail.simulator import ExchangeSimulator


@pytest.fixture
def kinesis(aws: Callable[[str], Any]) -> Any:
    return aws("kinesis")


@pytest.fixture
def streams(kinesis: Any) -> Iterator[Streams]:
    """A fresh trades + DLQ stream pair (unique names) per test, like the platform's."""
    suffix = uuid.uuid4().hex[:8]
    names = Streams(trades=f"ctc-test-trades-{suffix}", dlq=f"ctc-test-dlq-{suffix}")
    for name, shards in ((names.trades, 2), (names.dlq, 1)):
        kinesis.create_stream(StreamName=name, ShardCount=shards)
    for name in (names.trades, names.dlq):
        kinesis.get_waiter("stream_exists").wait(
            StreamName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 30}
        )
    yield names
    for name in (names.trades, names.dlq):
        with contextlib.suppress(ClientError):
            kinesis.delete_stream(StreamName=name, EnforceConsumerDeletion=True)


def read_stream(kinesis: Any, name: str) -> list[dict[str, Any]]:
    """Every record of every shard, decoded from JSON, with its partition key under ``_pk``."""
    records: list[dict[str, Any]] = []
    shards = kinesis.list_shards(StreamName=name)["Shards"]
    for shard in shards:
        iterator = kinesis.get_shard_iterator(
            StreamName=name, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON"
        )["ShardIterator"]
        while iterator:
            page = kinesis.get_records(ShardIterator=iterator, Limit=10_000)
            for rec in page["Records"]:
                body = json.loads(rec["Data"])
                body["_pk"] = rec["PartitionKey"]
                records.append(body)
            if not page["Records"] or page.get("MillisBehindLatest", 0) == 0:
                break
            iterator = page.get("NextShardIterator")
    return records


def fast_config(**overrides: Any) -> Any:
    """The packaged configuration with test-speed timings."""
    base = dict(
        backoff_initial=0.1,
        backoff_max=0.5,
        circuit_threshold=3,
        circuit_cooldown=60.0,
        silence_timeout=30.0,  # tests of silence set their own
        open_timeout=5.0,
        flush_interval=0.2,
        shutdown_timeout=30.0,
        metrics_interval=600.0,
    )
    base.update(overrides)
    return load_config(env={}).with_overrides(**base)


async def wait_until(predicate: Callable[[], bool], timeout: float = 60.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


def received_all(producer: Producer, sim: ExchangeSimulator) -> Callable[[], bool]:
    """The producer has read as many frames as the simulator delivered."""

    def check() -> bool:
        return sum(producer.counters.frames_in.values()) >= len(sim.sent)

    return check


async def run_with_simulator(
    sim: ExchangeSimulator,
    producer: Producer,
    scenario: Callable[[], Awaitable[None]],
) -> Counters:
    """Start the producer against ``sim``, play ``scenario``, wait for the frames, stop and flush."""
    task = asyncio.create_task(producer.run())
    try:
        await scenario()
        await wait_until(received_all(producer, sim), what="producer to read every delivered frame")
    finally:
        producer.request_stop()
    return await asyncio.wait_for(task, 60)


def make_producer(sim: ExchangeSimulator, kinesis: Any, streams: Streams, **kwargs: Any) -> Producer:
    cloudwatch = kwargs.pop("cloudwatch", None)
    return Producer(
        fast_config(**kwargs), kinesis, streams, cloudwatch=cloudwatch, urls=simulator_urls(sim.url)
    )


def trade_frames_by_key(sim: ExchangeSimulator) -> list[tuple[str, str]]:
    """Each distinct trade delivered (a Coinbase ``last_match`` re-sent on reconnect is the same trade)."""
    return sorted({(f.exchange, str(f.trade_id)) for f in sim.frames("trade")})


@contextlib.contextmanager
def producer_process(args: list[str], log_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    """``ctc producer run ARGS`` as a real process, logging to ``log_path``; killed if still alive at exit."""
    env = {k: v for k, v in os.environ.items() if k not in ("CTC_SYMBOLS", "CTC_CONNECTORS")}
    env.setdefault("AWS_ACCESS_KEY_ID", "testing")
    env.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
    command = [sys.executable, "-c", "from coattail.cli.cli import main; main()", "producer", "run", *args]
    with log_path.open("w") as log_file:
        process = subprocess.Popen(command, stdout=log_file, stderr=subprocess.STDOUT, env=env)
        try:
            yield process
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()


def json_logs(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.startswith("{")]


class Harness:
    """What the tests of this folder share (import mode is importlib: helpers travel as a fixture)."""

    def __init__(self, kinesis: Any, streams: Streams) -> None:
        self.kinesis, self.streams = kinesis, streams
        self.fast_config = fast_config
        self.wait_until = staticmethod(wait_until)
        self.run_with_simulator = staticmethod(run_with_simulator)
        self.trade_frames_by_key = staticmethod(trade_frames_by_key)
        self.FlakyKinesis = FlakyKinesis
        self.producer_process = producer_process
        self.json_logs = json_logs

    def producer(self, sim: ExchangeSimulator, kinesis: Any = None, **kwargs: Any) -> Producer:
        return make_producer(sim, kinesis or self.kinesis, self.streams, **kwargs)

    def trades(self) -> list[dict[str, Any]]:
        return read_stream(self.kinesis, self.streams.trades)

    def dlq(self) -> list[dict[str, Any]]:
        return read_stream(self.kinesis, self.streams.dlq)


@pytest.fixture
def harness(kinesis: Any, streams: Streams) -> Harness:
    return Harness(kinesis, streams)


class FlakyKinesis:
    """A real boto3 Kinesis client whose PutRecords fails chosen entries the first time it sees them
    (as Kinesis does under throttling: ``ErrorCode`` per entry) and throttles whole calls now and then."""

    def __init__(self, real: Any, *, fail_every: int = 3, throttle_every_call: int = 4) -> None:
        self.real = real
        self.fail_every = fail_every
        self.throttle_every_call = throttle_every_call
        self.calls = 0
        self.failed_entries = 0
        self.throttled_calls = 0
        self._failed_once: set[bytes] = set()

    def __getattr__(self, name: str) -> Any:  # every other call goes to the real client
        return getattr(self.real, name)

    def put_records(self, StreamName: str, Records: list[dict[str, Any]]) -> dict[str, Any]:
        self.calls += 1
        if self.calls % self.throttle_every_call == 0:
            self.throttled_calls += 1
            raise ClientError(
                {"Error": {"Code": "ProvisionedThroughputExceededException", "Message": "Rate exceeded"}},
                "PutRecords",
            )
        doomed = {
            i
            for i, r in enumerate(Records)
            if i % self.fail_every == 0 and r["Data"] not in self._failed_once
        }
        passed = [r for i, r in enumerate(Records) if i not in doomed]
        real = self.real.put_records(StreamName=StreamName, Records=passed)["Records"] if passed else []
        results, it = [], iter(real)
        for i, r in enumerate(Records):
            if i in doomed:
                self._failed_once.add(r["Data"])
                self.failed_entries += 1
                code = "ProvisionedThroughputExceededException" if i % 2 == 0 else "InternalFailure"
                results.append({"ErrorCode": code, "ErrorMessage": "injected by the test"})
            else:
                results.append(next(it))
        return {"FailedRecordCount": len(doomed), "Records": results}
