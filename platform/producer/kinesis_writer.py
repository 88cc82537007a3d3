"""Async Kinesis writer: bounded queue → PutRecords batches → retry of only the failed entries.

* Back-pressure: :meth:`KinesisWriter.put` awaits while the queue is full, so connectors stop
  reading their sockets instead of dropping events when Kinesis throttles.
* A batch is sent when it reaches 500 records / 5 MiB or ``flush_interval`` seconds after its first
  record. boto3 runs in a worker thread (``asyncio.to_thread``); the client has adaptive retries.
* A partial failure re-sends only the entries that carry an ``ErrorCode``, with exponential backoff and
  jitter, until they land. A whole-call failure re-sends the batch (at-least-once: downstream dedups on
  ``event_id``). Errors that retrying cannot fix (missing stream, access denied) raise
  :class:`WriterFatal` so the process stops loudly rather than spinning.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from coattail.producer.batching import MAX_BYTES_PER_CALL, MAX_RECORDS_PER_CALL, Batch, Record, failed_entries
from coattail.producer.metrics import Counters
from coattail.producer.resilience import Backoff

log = logging.getLogger("producer.writer")

FATAL_CODES = frozenset(
    {
        "ResourceNotFoundException",
        "AccessDeniedException",
        "ValidationException",
        "InvalidArgumentException",
        "KMSAccessDeniedException",
        "KMSNotFoundException",
        "KMSDisabledException",
        "UnrecognizedClientException",
    }
)
_CLOSE = Record(b"", "")  # sentinel: everything queued before it is flushed, then run() returns


class WriterFatal(RuntimeError):
    """Kinesis refused the writes for a reason retrying cannot fix."""


class KinesisWriter:
    def __init__(
        self,
        client: Any,
        stream_name: str,
        counters: Counters,
        *,
        kind: str = "events",
        queue_size: int = 10_000,
        flush_interval: float = 1.0,
        max_records: int = MAX_RECORDS_PER_CALL,
        max_bytes: int = MAX_BYTES_PER_CALL,
        backoff: Backoff | None = None,
    ) -> None:
        if kind not in ("events", "dlq"):
            raise ValueError(f"writer kind must be 'events' or 'dlq', not {kind!r}")
        self.client = client
        self.stream_name = stream_name
        self.counters = counters
        self.kind = kind
        self.flush_interval = flush_interval
        self.max_records = max_records
        self.max_bytes = max_bytes
        self.backoff = backoff or Backoff(initial=0.1, maximum=5.0)
        self.queue: asyncio.Queue[Record] = asyncio.Queue(maxsize=queue_size)
        self.in_flight = 0

    async def put(self, record: Record) -> None:
        await self.queue.put(record)

    async def close(self) -> None:
        """Ask :meth:`run` to flush everything queued so far and return."""
        await self.queue.put(_CLOSE)

    @property
    def pending(self) -> int:
        """Records accepted but not yet confirmed written."""
        return self.queue.qsize() + self.in_flight

    async def run(self) -> None:
        batch = Batch(self.max_records, self.max_bytes)
        loop = asyncio.get_running_loop()
        deadline = 0.0
        while True:
            if batch and loop.time() >= deadline:
                await self._flush(batch)
            if self.queue.empty():  # only then wait (wait_for costs a task per call)
                timeout = None if not batch else max(0.0, deadline - loop.time())
                try:
                    record = await asyncio.wait_for(self.queue.get(), timeout)
                except TimeoutError:
                    await self._flush(batch)
                    continue
            else:
                record = self.queue.get_nowait()
            if record is _CLOSE:
                await self._flush(batch)
                return
            if not batch.fits(record):
                await self._flush(batch)
            if not batch:
                deadline = loop.time() + self.flush_interval
            batch.add(record)
            self.in_flight += 1
            if batch.full:
                await self._flush(batch)

    async def _flush(self, batch: Batch) -> None:
        if batch:
            await self.send(batch.take())

    async def send(self, records: list[Record]) -> None:
        """PutRecords until every record is accepted; only failed entries are re-sent."""
        pending = records
        self.backoff.reset()
        while pending:
            started = time.perf_counter()
            try:
                response = await asyncio.to_thread(
                    self.client.put_records, StreamName=self.stream_name, Records=[r.entry() for r in pending]
                )
            except ClientError as exc:
                code = exc.response.get("Error", {}).get("Code", "")
                if code in FATAL_CODES:
                    raise WriterFatal(f"PutRecords to {self.stream_name} failed: {code}: {exc}") from exc
                await self._retry_later(f"PutRecords call failed ({code})", len(pending), pending)
                continue
            except BotoCoreError as exc:
                await self._retry_later(
                    f"PutRecords call failed ({type(exc).__name__})", len(pending), pending
                )
                continue
            self.counters.put_latencies_ms.append((time.perf_counter() - started) * 1000)
            failed = failed_entries(pending, response)
            written = len(pending) - len(failed)
            self.in_flight -= written
            if self.kind == "events":
                self.counters.events_out += written
            else:
                self.counters.dlq_out += written
            if not failed:
                return
            self.counters.entries_retried += len(failed)
            codes = sorted({code for _, code in failed})
            pending = [rec for rec, _ in failed]
            await self._retry_later(
                f"{len(failed)} entries failed ({', '.join(codes)})", len(failed), pending
            )

    async def _retry_later(self, what: str, count: int, records: list[Record]) -> None:
        self.counters.retry_rounds += 1
        delay = self.backoff.next_delay()
        log.warning(
            f"{what}; retrying in {delay:.2f}s",
            extra={
                "stream": self.stream_name,
                "records": count,
                "correlation_ids": [r.correlation_id for r in records[:10] if r.correlation_id],
            },
        )
        await asyncio.sleep(delay)
