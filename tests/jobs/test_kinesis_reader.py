"""The Kinesis stream reader on its own (no Spark): offsets, the common arrival-time cut, replay."""

from __future__ import annotations

import pickle
import time
import uuid

import pytest

from coattail.jobs.kinesis_source import KinesisStreamReader

pytestmark = pytest.mark.emulator


@pytest.fixture()
def stream(aws):
    name = f"ctc-jobs-reader-{uuid.uuid4().hex[:8]}"
    kinesis = aws("kinesis")
    kinesis.create_stream(StreamName=name, ShardCount=2)
    kinesis.get_waiter("stream_exists").wait(StreamName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 30})
    yield name
    kinesis.delete_stream(StreamName=name, EnforceConsumerDeletion=True)


def _shard_of(kinesis, stream):
    """Explicit hash keys that land in each of the two shards."""
    shards = kinesis.list_shards(StreamName=stream)["Shards"]
    return {s["ShardId"]: s["HashKeyRange"]["StartingHashKey"] for s in shards}


def test_batches_are_cut_at_a_common_arrival_time_and_replay_exactly(aws, endpoint_url, stream):
    kinesis = aws("kinesis")
    keys = _shard_of(kinesis, stream)
    (_, key_a), (_, key_b) = sorted(keys.items())
    # shard B gets 2 early records, shard A 8 early ones, then shard B 6 late ones (later arrival)
    for i in range(2):
        kinesis.put_record(StreamName=stream, Data=f"b{i}".encode(), PartitionKey="k", ExplicitHashKey=key_b)
    for i in range(8):
        kinesis.put_record(StreamName=stream, Data=f"a{i}".encode(), PartitionKey="k", ExplicitHashKey=key_a)
    time.sleep(1.1)
    for i in range(2, 8):
        kinesis.put_record(StreamName=stream, Data=f"b{i}".encode(), PartitionKey="k", ExplicitHashKey=key_b)

    reader = KinesisStreamReader(
        {"streamName": stream, "endpointUrl": endpoint_url, "maxRecordsPerShard": "5"}
    )
    start = reader.initialOffset()
    rows, end = reader.read(start)
    batch = list(rows)
    # shard A is capped at a4; shard B must not run ahead of a4's arrival: only b0, b1
    assert sorted(r[0] for r in batch) == ["a0", "a1", "a2", "a3", "a4", "b0", "b1"]
    assert all(isinstance(v, str) for v in end["shards"].values())
    assert list(rows) == []  # iterating again is not how Spark replays: it asks readBetweenOffsets

    replay = list(reader.readBetweenOffsets(start, end))
    assert sorted(r[:4] for r in replay) == sorted(r[:4] for r in batch)

    clone = pickle.loads(pickle.dumps(reader))  # the executor-side copy: no client travels
    assert clone._client is None
    rest, end2 = clone.read(end)
    rest = list(rest)
    # A is not capped any more; B is (b2..b6), so the cut is b6's arrival and A's tail is all in
    assert sorted(r[0] for r in rest) == ["a5", "a6", "a7", "b2", "b3", "b4", "b5", "b6"]
    rest3, _ = clone.read(end2)
    seen = sorted(r[0] for r in [*batch, *rest, *list(rest3)])
    assert seen == sorted([f"a{i}" for i in range(8)] + [f"b{i}" for i in range(8)])


def test_reader_rejects_bad_options(endpoint_url):
    with pytest.raises(ValueError, match="streamName"):
        KinesisStreamReader({"endpointUrl": endpoint_url})
    with pytest.raises(ValueError, match="startingPosition"):
        KinesisStreamReader({"streamName": "s", "startingPosition": "EARLIEST"})
