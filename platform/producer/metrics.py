"""Producer counters and their periodic publication to CloudWatch (``CryptoPulse/Producer``).

Invariant (per exchange): ``frames_in == events + control + rejected``; once the writers have
flushed, ``events_out == sum(events)`` and ``dlq_out == sum(rejected)``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

NAMESPACE = "CryptoPulse/Producer"
log = logging.getLogger("producer.metrics")


@dataclass
class Counters:
    frames_in: Counter[str] = field(default_factory=Counter)
    events: Counter[str] = field(default_factory=Counter)
    control: Counter[str] = field(default_factory=Counter)
    rejected: Counter[str] = field(default_factory=Counter)
    reconnects: Counter[str] = field(default_factory=Counter)
    events_out: int = 0
    dlq_out: int = 0
    entries_retried: int = 0
    retry_rounds: int = 0
    put_latencies_ms: list[float] = field(default_factory=list)

    def snapshot(self) -> dict[str, Any]:
        return {
            "frames_in": dict(self.frames_in),
            "events": dict(self.events),
            "control": dict(self.control),
            "rejected": dict(self.rejected),
            "reconnects": dict(self.reconnects),
            "events_out": self.events_out,
            "dlq_out": self.dlq_out,
            "entries_retried": self.entries_retried,
            "retry_rounds": self.retry_rounds,
        }

    def balanced(self) -> bool:
        """frames in = events + control + rejected, for every exchange."""
        return all(
            self.frames_in[x] == self.events[x] + self.control[x] + self.rejected[x] for x in self.frames_in
        )


@dataclass
class _Published:
    frames_in: Counter[str] = field(default_factory=Counter)
    reconnects: Counter[str] = field(default_factory=Counter)
    events_out: int = 0
    dlq_out: int = 0


class MetricsPublisher:
    """Sends counter deltas with PutMetricData every ``interval`` seconds (boto3 off the loop)."""

    def __init__(self, cloudwatch: Any, counters: Counters, interval: float = 60.0) -> None:
        self.cloudwatch = cloudwatch
        self.counters = counters
        self.interval = interval
        self._sent = _Published()

    def metric_data(self) -> list[dict[str, Any]]:
        c, sent = self.counters, self._sent
        data: list[dict[str, Any]] = []
        for exchange in sorted(set(c.frames_in) | set(c.reconnects)):
            dims = [{"Name": "Exchange", "Value": exchange}]
            data.append(_count("MessagesIn", c.frames_in[exchange] - sent.frames_in[exchange], dims))
            data.append(_count("Reconnects", c.reconnects[exchange] - sent.reconnects[exchange], dims))
            sent.frames_in[exchange] = c.frames_in[exchange]
            sent.reconnects[exchange] = c.reconnects[exchange]
        data.append(_count("EventsOut", c.events_out - sent.events_out, []))
        data.append(_count("DLQCount", c.dlq_out - sent.dlq_out, []))
        sent.events_out, sent.dlq_out = c.events_out, c.dlq_out
        latencies, c.put_latencies_ms = c.put_latencies_ms, []
        if latencies:
            data.append(
                {
                    "MetricName": "PutLatency",
                    "Unit": "Milliseconds",
                    "StatisticValues": {
                        "SampleCount": float(len(latencies)),
                        "Sum": sum(latencies),
                        "Minimum": min(latencies),
                        "Maximum": max(latencies),
                    },
                }
            )
        return data

    async def publish_once(self) -> None:
        log.info("producer counters", extra={"counters": self.counters.snapshot()})
        data = self.metric_data()
        try:
            for start in range(0, len(data), 1000):
                await asyncio.to_thread(
                    self.cloudwatch.put_metric_data,
                    Namespace=NAMESPACE,
                    MetricData=data[start : start + 1000],
                )
        except Exception as exc:  # metrics must never stop the data path
            log.warning("metrics publication failed", extra={"error": repr(exc)})

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=self.interval)
            await self.publish_once()


def _count(name: str, value: int, dims: list[dict[str, str]]) -> dict[str, Any]:
    return {"MetricName": name, "Dimensions": dims, "Value": float(value), "Unit": "Count"}
