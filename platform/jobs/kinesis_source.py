"""Kinesis as a Spark 4 Python streaming data source (boto3), for the emulator and a real account.

    spark.dataSource.register(KinesisDataSource)
    spark.readStream.format("ctc-kinesis").option("streamName", "ctc-dev-trades")
        .option("endpointUrl", "http://127.0.0.1:5000").load()

Rows follow ``coattail.jobs.quality.SOURCE_SCHEMA``: data, partition_key, sequence_number, shard_id,
arrival_time. Offsets are ``{"stream": generation, "shards": {shard_id: last consumed sequence number
| null}}`` with sequence numbers kept as strings (real ones are ~56 digits); null means TRIM_HORIZON.
The generation is the stream's creation time: ``scripts/stop.sh`` removes the streams and
``start.sh`` creates them again, and a recreated stream reuses the shard ids while its sequence
numbers start over, so positions of another generation mean nothing
(:func:`coattail.core.kinesis_offsets.positions_for`).

Why it is built this way:
- Kinesis has no "latest offset" call, so ``read`` (driver side) fetches the records that make up a
  batch and returns them with the end offset; ``readBetweenOffsets`` re-reads them on replay.
- When a shard is capped by ``maxRecordsPerShard`` the batch is cut for every shard at the capped
  shards' earliest last arrival time; otherwise one shard could run ahead in event time, push the
  global watermark forward, and the lagging shard's events would be dropped as late without error.
- boto3 clients are not picklable: created lazily, dropped when the reader is pickled.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from pyspark.sql.datasource import DataSource, SimpleDataSourceStreamReader
from pyspark.sql.types import StructType

from coattail.core.kinesis_offsets import positions_for, stream_generation
from coattail.jobs.quality import SOURCE_SCHEMA

Row = tuple[str | None, str, str, str, datetime]
_EMPTY_PAGE_PAUSE_S = 0.2
log = logging.getLogger(__name__)


class KinesisDataSource(DataSource):
    @classmethod
    def name(cls) -> str:
        return "ctc-kinesis"

    def schema(self) -> StructType:
        return SOURCE_SCHEMA

    def simpleStreamReader(self, schema: StructType) -> SimpleDataSourceStreamReader:
        return KinesisStreamReader(dict(self.options))


class KinesisStreamReader(SimpleDataSourceStreamReader):
    def __init__(self, options: dict[str, str]) -> None:
        stream = options.get("streamName") or options.get("streamname")
        if not stream:
            raise ValueError("ctc-kinesis source needs option streamName")
        lowered = {k.lower(): v for k, v in options.items()}
        self.stream_name = stream
        self.region = lowered.get("region", "us-east-1")
        self.endpoint_url = lowered.get("endpointurl") or None
        self.access_key = lowered.get("awsaccesskeyid") or None
        self.secret_key = lowered.get("awssecretkey") or None
        self.max_per_shard = int(lowered.get("maxrecordspershard", "10000"))
        # time one shard may spend walking empty pages (a sparse stretch) within one batch
        self.read_seconds = float(lowered.get("readsecondspershard", "10"))
        start = lowered.get("startingposition", "TRIM_HORIZON").upper()
        if start not in ("TRIM_HORIZON", "LATEST"):
            raise ValueError(f"startingPosition must be TRIM_HORIZON or LATEST, got {start!r}")
        self.starting_position = start
        self._client: Any = None

    # -- pickling: never ship a boto3 client -------------------------------------------------
    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_client"] = None
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    @property
    def client(self) -> Any:
        if self._client is None:
            import boto3
            from botocore.config import Config

            session = boto3.session.Session(
                aws_access_key_id=self.access_key,
                aws_secret_access_key=self.secret_key,
                region_name=self.region,
            )
            self._client = session.client(
                "kinesis",
                endpoint_url=self.endpoint_url,
                config=Config(retries={"mode": "adaptive", "max_attempts": 10}),
            )
        return self._client

    # -- Kinesis helpers ---------------------------------------------------------------------
    def _generation(self) -> str:
        summary = self.client.describe_stream_summary(StreamName=self.stream_name)
        return stream_generation(summary["StreamDescriptionSummary"])

    def _shards(self) -> list[dict[str, Any]]:
        shards: list[dict[str, Any]] = []
        kwargs: dict[str, Any] = {"StreamName": self.stream_name}
        while True:
            page = self.client.list_shards(**kwargs)
            shards.extend(page["Shards"])
            token = page.get("NextToken")
            if not token:
                return shards
            kwargs = {"NextToken": token}

    def _iterator(self, shard_id: str, after: str | None) -> str | None:
        kwargs: dict[str, Any] = {"StreamName": self.stream_name, "ShardId": shard_id}
        if after is None:
            kwargs["ShardIteratorType"] = self.starting_position
        else:
            kwargs.update(ShardIteratorType="AFTER_SEQUENCE_NUMBER", StartingSequenceNumber=after)
        return self.client.get_shard_iterator(**kwargs).get("ShardIterator")

    def _pull(self, shard_id: str, after: str | None, limit: int, until: str | None = None) -> list[Row]:
        """Records of one shard after ``after``: at most ``limit``, or up to ``until`` inclusive."""
        rows: list[Row] = []
        iterator = self._iterator(shard_id, after)
        deadline = time.monotonic() + (self.read_seconds * 6 if until is not None else self.read_seconds)
        stop_at = int(until) if until is not None else None
        while iterator and len(rows) < limit:
            page = self.client.get_records(ShardIterator=iterator, Limit=min(10_000, limit - len(rows)))
            iterator = page.get("NextShardIterator")
            for rec in page["Records"]:
                seq = rec["SequenceNumber"]
                if stop_at is not None and int(seq) > stop_at:
                    return rows
                data = rec["Data"]
                text = (
                    data.decode("utf-8", errors="replace")
                    if isinstance(data, bytes | bytearray)
                    else str(data)
                )
                rows.append(
                    (text, rec.get("PartitionKey", ""), seq, shard_id, rec["ApproximateArrivalTimestamp"])
                )
                if stop_at is not None and int(seq) == stop_at:
                    return rows
            if page["Records"]:
                continue
            if stop_at is None and page.get("MillisBehindLatest", 0) == 0:
                break  # caught up with the shard's tip
            if time.monotonic() > deadline:
                if stop_at is not None:
                    raise RuntimeError(
                        f"shard {shard_id}: records up to {until} could not be re-read in time"
                    )
                break  # a long sparse stretch: the next batch continues from the same position
            time.sleep(_EMPTY_PAGE_PAUSE_S)  # empty page while behind; stay under 5 reads/s per shard
        return rows

    # -- Spark interface ---------------------------------------------------------------------
    def initialOffset(self) -> dict[str, Any]:
        return {"shards": {}}

    def read(self, start: dict[str, Any]) -> tuple[Iterator[tuple[Any, ...]], dict[str, Any]]:
        generation = self._generation()
        positions = positions_for(start, generation)
        if start.get("stream") not in (None, generation):
            log.warning(
                "stream %s was recreated (generation %s, checkpoint %s): reading it from TRIM_HORIZON",
                self.stream_name,
                generation,
                start.get("stream"),
            )
        fetched: dict[str, list[Row]] = {}
        capped_bounds: list[datetime] = []
        for shard in self._shards():
            shard_id = shard["ShardId"]
            after = positions.get(shard_id)
            ending = shard.get("SequenceNumberRange", {}).get("EndingSequenceNumber")
            if ending is not None and after is not None and int(after) >= int(ending):
                continue  # closed shard fully consumed
            rows = self._pull(shard_id, after, self.max_per_shard)
            fetched[shard_id] = rows
            positions.setdefault(shard_id, None)
            if len(rows) >= self.max_per_shard:
                capped_bounds.append(rows[-1][4])
        bound = min(capped_bounds) if capped_bounds else None
        batch: list[tuple[Any, ...]] = []
        for shard_id, rows in fetched.items():
            kept = rows if bound is None else [r for r in rows if r[4] <= bound]
            if kept:
                positions[shard_id] = kept[-1][2]
                batch.extend(kept)
        # a list iterator: Spark may iterate the batch more than once
        return iter(batch), {"stream": generation, "shards": positions}

    def readBetweenOffsets(self, start: dict[str, Any], end: dict[str, Any]) -> Iterator[tuple[Any, ...]]:
        generation = self._generation()
        if end.get("stream") not in (None, generation):
            raise RuntimeError(
                f"stream {self.stream_name} was recreated after batch offsets {end} were planned: "
                "its records cannot be re-read (stop the job before removing the stream)"
            )
        begin = positions_for(start, generation)
        rows: list[tuple[Any, ...]] = []
        for shard_id, until in end.get("shards", {}).items():
            after = begin.get(shard_id)
            if until is None or until == after:
                continue
            rows.extend(self._pull(shard_id, after, limit=10**9, until=until))
        return iter(rows)

    def commit(self, end: dict[str, Any]) -> None:
        """Nothing to acknowledge: Kinesis keeps records for the retention period."""
