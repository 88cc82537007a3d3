"""Offsets of the streaming job's Kinesis source, shared by the job and the stop procedure.

An offset is ``{"stream": generation, "shards": {shard_id: last consumed sequence number | null}}``.
The generation is the stream's creation time: the stop procedure removes the streams and the
start procedure creates them again, and a recreated stream reuses the shard ids while its
sequence numbers start over.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any


def stream_generation(summary: dict[str, Any]) -> str:
    """The stream's identity across delete/create: its creation time in epoch milliseconds."""
    created = summary["StreamCreationTimestamp"]
    stamp = created.timestamp() if isinstance(created, datetime) else float(created)
    return str(round(stamp * 1000))


def positions_for(offset: dict[str, Any], generation: str) -> dict[str, str | None]:
    """The shard positions of ``offset`` if it belongs to the stream ``generation``, else none.

    An offset without a generation (written before generations existed) is taken as the current
    one. Positions of an older generation are dropped: the new stream is read from TRIM_HORIZON,
    which is exact because the stop procedure removes a stream only once the job has consumed it.
    """
    recorded = offset.get("stream")
    if recorded is not None and recorded != generation:
        return {}
    return dict(offset.get("shards", {}))
