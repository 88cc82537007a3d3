"""Before a stream is removed, nothing in it may be lost.

- The trades stream is removed only once the streaming job has committed every record in it:
  :func:`committed_offset` reads the job's Structured Streaming checkpoint (``offsets/N`` of the
  newest ``commits/N``), :func:`unconsumed` asks Kinesis for records after those positions.
- The dead-letter stream has no consumer (its records wait for a person), so :func:`archive_stream`
  copies every record to the raw bucket, one JSON line each, before it goes.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from coattail.core.aws import AwsTarget
from coattail.core.kinesis_offsets import positions_for, stream_generation

QUERY_DIR = "stream"  # the job's one query (coattail.jobs.pipeline.QUERY)
ARCHIVE_PREFIX = "dlq-stream-archive"
_COUNT_CAP = 100_000


@dataclass(frozen=True)
class Backlog:
    """Records of a stream the job has not committed, per shard (capped at 100 000 per shard)."""

    stream: str
    per_shard: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.per_shard.values())


def _batch_ids(names: dict[str, datetime]) -> list[int]:
    return sorted(int(n) for n in names if n.isdigit())


@dataclass(frozen=True)
class Committed:
    """The newest committed micro-batch of the job's query: its id, source offset and write time."""

    batch_id: int
    offset: dict[str, Any]
    written_at: datetime


def _query_dir(checkpoint: str) -> str:
    return f"{checkpoint.rstrip('/')}/{QUERY_DIR}"


def _log_names(target: AwsTarget, query: str, folder: str) -> dict[str, datetime]:
    """Entries of the query's checkpoint log ``folder`` (offsets, commits): name -> write time."""
    if query.startswith("s3://"):
        bucket, _, prefix = query[5:].partition("/")
        found: dict[str, datetime] = {}
        s3 = target.client("s3")
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=f"{prefix}/{folder}/"):
            found.update({o["Key"].rsplit("/", 1)[-1]: o["LastModified"] for o in page.get("Contents", [])})
        return found
    where = Path(query) / folder
    if not where.is_dir():
        return {}
    return {p.name: datetime.fromtimestamp(p.stat().st_mtime, UTC) for p in where.iterdir()}


def _log_read(target: AwsTarget, query: str, folder: str, batch: int) -> str:
    if query.startswith("s3://"):
        bucket, _, prefix = query[5:].partition("/")
        s3 = target.client("s3")
        body = s3.get_object(Bucket=bucket, Key=f"{prefix}/{folder}/{batch}")["Body"]
        return str(body.read().decode("utf-8"))
    return (Path(query) / folder / str(batch)).read_text(encoding="utf-8")


def newest_commit(target: AwsTarget, checkpoint: str) -> Committed | None:
    """The newest committed micro-batch under ``checkpoint`` (an ``s3://`` URI or a local folder),
    or None when the job never committed a batch there."""
    query = _query_dir(checkpoint)
    commits = _log_names(target, query, "commits")
    ids = _batch_ids(commits)
    if not ids:
        return None
    newest = ids[-1]
    return Committed(
        newest, parse_offset_log(_log_read(target, query, "offsets", newest)), commits[str(newest)]
    )


def last_checkpoint_write(target: AwsTarget, checkpoint: str) -> datetime | None:
    """When the job last planned (``offsets/N``) or committed (``commits/N``) a micro-batch: a job
    busy with its first batch has planned it but committed nothing yet. None: never started here."""
    query = _query_dir(checkpoint)
    times = [
        t
        for folder in ("offsets", "commits")
        for n, t in _log_names(target, query, folder).items()
        if n.isdigit()
    ]
    return max(times, default=None)


def committed_offset(target: AwsTarget, checkpoint: str) -> dict[str, Any] | None:
    """The source offset of the newest committed micro-batch, or None."""
    found = newest_commit(target, checkpoint)
    return found.offset if found else None


def parse_offset_log(text: str) -> dict[str, Any]:
    """The (single) source offset of a Structured Streaming ``offsets/N`` file: a version line, the
    batch metadata, then one JSON line per source."""
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) < 3 or not lines[0].startswith("v"):
        raise ValueError(f"not a Structured Streaming offset log: {text[:80]!r}")
    offset: dict[str, Any] = json.loads(lines[2])
    return offset


def _records(
    kinesis: Any, stream: str, shard_id: str, after: str | None, cap: int
) -> Iterator[dict[str, Any]]:
    """Records of one shard after ``after`` (TRIM_HORIZON when None), up to the shard's tip."""
    kwargs: dict[str, Any] = {"StreamName": stream, "ShardId": shard_id}
    if after is None:
        kwargs["ShardIteratorType"] = "TRIM_HORIZON"
    else:
        kwargs.update(ShardIteratorType="AFTER_SEQUENCE_NUMBER", StartingSequenceNumber=after)
    iterator = kinesis.get_shard_iterator(**kwargs).get("ShardIterator")
    seen = 0
    while iterator and seen < cap:
        page = kinesis.get_records(ShardIterator=iterator, Limit=10_000)
        yield from page["Records"]
        seen += len(page["Records"])
        iterator = page.get("NextShardIterator")
        if not page["Records"] and page.get("MillisBehindLatest", 0) == 0:
            return


def _shard_ids(kinesis: Any, stream: str) -> list[str]:
    shards: list[str] = []
    for page in kinesis.get_paginator("list_shards").paginate(StreamName=stream):
        shards.extend(s["ShardId"] for s in page["Shards"])
    return shards


def unconsumed(target: AwsTarget, stream: str, offset: dict[str, Any] | None) -> Backlog:
    """Records of ``stream`` after the committed ``offset`` (all of them when None or when the
    offset belongs to an earlier generation of the stream)."""
    kinesis = target.client("kinesis")
    summary = kinesis.describe_stream_summary(StreamName=stream)["StreamDescriptionSummary"]
    generation = stream_generation(summary)
    positions = positions_for(offset or {}, generation)
    per_shard = {
        shard: sum(1 for _ in _records(kinesis, stream, shard, positions.get(shard), _COUNT_CAP))
        for shard in _shard_ids(kinesis, stream)
    }
    return Backlog(stream, {s: n for s, n in per_shard.items() if n})


def archive_stream(target: AwsTarget, stream: str, bucket: str) -> dict[str, Any]:
    """Copy every record of ``stream`` to ``s3://bucket/dlq-stream-archive/…``, one JSON line per
    record (data, partition key, sequence number, arrival time); idempotent per stream generation."""
    kinesis, s3 = target.client("kinesis"), target.client("s3")
    summary = kinesis.describe_stream_summary(StreamName=stream)["StreamDescriptionSummary"]
    generation = stream_generation(summary)
    written: dict[str, int] = {}
    for shard in _shard_ids(kinesis, stream):
        lines = []
        for record in _records(kinesis, stream, shard, None, 10**9):
            data = bytes(record["Data"])
            try:
                payload: dict[str, Any] = {"data": data.decode("utf-8")}
            except UnicodeDecodeError:
                payload = {"data_base64": base64.b64encode(data).decode("ascii")}
            payload.update(
                partition_key=record.get("PartitionKey"),
                sequence_number=record["SequenceNumber"],
                arrival_time=record["ApproximateArrivalTimestamp"].isoformat(),
            )
            lines.append(json.dumps(payload, sort_keys=True))
        if lines:
            key = f"{ARCHIVE_PREFIX}/stream={stream}/generation={generation}/{shard}.jsonl"
            s3.put_object(Bucket=bucket, Key=key, Body=("\n".join(lines) + "\n").encode("utf-8"))
            written[key] = len(lines)
    return {"stream": stream, "bucket": bucket, "objects": written, "records": sum(written.values())}
