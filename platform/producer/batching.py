"""Kinesis record encoding and PutRecords batch limits (pure, no I/O).

A PutRecords call takes at most 500 records and 5 MiB (data + partition keys); one record at most
1 MiB. Trades are partitioned by canonical symbol, DLQ records by exchange.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

MAX_RECORDS_PER_CALL = 500
MAX_BYTES_PER_CALL = 5 * 1024 * 1024
MAX_BYTES_PER_RECORD = 1024 * 1024
_DLQ_RAW_LIMIT = 900 * 1024

_encode = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode


@dataclass(slots=True)
class Record:
    data: bytes
    partition_key: str
    correlation_id: str = ""

    @property
    def size(self) -> int:
        return len(self.data) + len(self.partition_key.encode())

    def entry(self) -> dict[str, Any]:
        return {"Data": self.data, "PartitionKey": self.partition_key}


def trade_record(event: dict[str, Any]) -> Record:
    """Encode a unified trade event (hot path: a template instead of json.dumps when it is safe).

    Every string field except ``trade_id`` is produced by the producer itself (uuid, enum values,
    canonical symbol, ISO timestamps, hex) and needs no escaping; floats are finite (validated), and
    ``repr`` of a finite float is valid JSON. Anything else goes through the JSON encoder.
    """
    trade_id = event.get("trade_id")
    if len(event) != 11 or not isinstance(trade_id, str) or not trade_id.isdigit():
        return Record(_encode(event).encode(), event["symbol"], event["correlation_id"])
    data = (
        f'{{"event_id":"{event["event_id"]}","exchange":"{event["exchange"]}","symbol":"{event["symbol"]}",'
        f'"price":{event["price"]!r},"quantity":{event["quantity"]!r},"quote_volume":{event["quote_volume"]!r},'
        f'"side":"{event["side"]}","timestamp":"{event["timestamp"]}",'
        f'"ingestion_timestamp":"{event["ingestion_timestamp"]}","correlation_id":"{event["correlation_id"]}",'
        f'"trade_id":"{trade_id}"}}'
    )
    return Record(data.encode(), event["symbol"], event["correlation_id"])


def dlq_record(reason: str, exchange: str | None, raw: str | bytes, error: str, received_at: str) -> Record:
    """The DLQ payload: {"reason", "exchange", "raw", "received_at", "error"} (raw kept verbatim)."""
    text = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else raw
    if len(text.encode()) > _DLQ_RAW_LIMIT:
        text = text.encode()[:_DLQ_RAW_LIMIT].decode("utf-8", errors="ignore")
        error = f"{error} (raw payload truncated to {_DLQ_RAW_LIMIT} bytes)"
    payload = {
        "reason": reason,
        "exchange": exchange,
        "raw": text,
        "received_at": received_at,
        "error": error,
    }
    return Record(_encode(payload).encode(), exchange or "unknown")


@dataclass
class Batch:
    """Records for one PutRecords call; :meth:`fits` says whether one more stays within limits."""

    max_records: int = MAX_RECORDS_PER_CALL
    max_bytes: int = MAX_BYTES_PER_CALL
    records: list[Record] = field(default_factory=list)
    size: int = 0

    def fits(self, record: Record) -> bool:
        return len(self.records) < self.max_records and self.size + record.size <= self.max_bytes

    def add(self, record: Record) -> None:
        if record.size > MAX_BYTES_PER_RECORD:
            raise ValueError(f"record of {record.size} bytes exceeds the Kinesis 1 MiB record limit")
        self.records.append(record)
        self.size += record.size

    @property
    def full(self) -> bool:
        return len(self.records) >= self.max_records

    def __len__(self) -> int:
        return len(self.records)

    def take(self) -> list[Record]:
        records, self.records, self.size = self.records, [], 0
        return records


def failed_entries(records: list[Record], response: dict[str, Any]) -> list[tuple[Record, str]]:
    """Pair each record with its result; return those with an ErrorCode (to be retried)."""
    results = response.get("Records", [])
    if len(results) != len(records):
        raise ValueError(f"PutRecords answered {len(results)} results for {len(records)} records")
    return [
        (rec, res["ErrorCode"]) for rec, res in zip(records, results, strict=True) if res.get("ErrorCode")
    ]
