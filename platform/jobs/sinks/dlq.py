"""The S3 DLQ zone: ``dlq/<reason>/dt=YYYY-MM-DD/<writer>-<batch id>.jsonl`` in the raw bucket.

One object per (reason, day, micro-batch): a replayed batch overwrites the same key with the same
content, so the zone stays exact under at-least-once delivery.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from coattail.jobs.quality import DLQ_REASONS


def dlq_key(reason: str, day: str, writer: str, batch_id: int) -> str:
    if reason not in DLQ_REASONS:
        raise ValueError(f"unknown DLQ reason {reason!r}; expected one of {DLQ_REASONS}")
    return f"dlq/{reason}/dt={day}/{writer}-{batch_id:012d}.jsonl"


def write_dlq(
    s3: Any, bucket: str, records: Iterable[dict[str, Any]], writer: str, batch_id: int
) -> dict[str, int]:
    """Write the failed records grouped by reason and day; returns counts per reason."""
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for rec in records:
        body = {
            k: rec.get(k)
            for k in ("reason", "exchange", "raw", "error", "received_at", "shard_id", "sequence_number")
        }
        groups[(str(rec["reason"]), str(rec["dt"]))].append(json.dumps(body))
    counts: dict[str, int] = defaultdict(int)
    for (reason, day), lines in sorted(groups.items()):
        s3.put_object(
            Bucket=bucket,
            Key=dlq_key(reason, day, writer, batch_id),
            Body=("\n".join(lines) + "\n").encode(),
            ContentType="application/x-ndjson",
        )
        counts[reason] += len(lines)
    return dict(counts)
