"""CloudWatch custom metrics: ``CryptoPulse/Quality`` per micro-batch and ``CryptoPulse/Alerts``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

QUALITY_NAMESPACE = "CryptoPulse/Quality"
ALERTS_NAMESPACE = "CryptoPulse/Alerts"
ALERT_METRIC = {
    "volume_spike": "AnomalyCount",
    "whale_trade": "WhaleCount",
    "spread_divergence": "SpreadAlertCount",
}


@dataclass(frozen=True)
class QualityCounts:
    """One micro-batch of the gate. ``processed = passed + failed + duplicate``."""

    processed: int
    failed: int
    duplicate: int
    late: int

    @property
    def passed(self) -> int:
        return self.processed - self.failed - self.duplicate

    @property
    def quality_score(self) -> float:
        return 100.0 * self.passed / self.processed if self.processed else 100.0

    @property
    def failure_rate(self) -> float:
        return 100.0 * self.failed / self.processed if self.processed else 0.0

    def metric_data(self, when: datetime | None = None) -> list[dict[str, Any]]:
        ts = when or datetime.now(UTC)
        counts = {
            "RecordsProcessed": self.processed,
            "RecordsPassed": self.passed,
            "RecordsFailed": self.failed,
            "RecordsLate": self.late,
            "RecordsDuplicate": self.duplicate,
        }
        data = [
            {"MetricName": k, "Value": float(v), "Unit": "Count", "Timestamp": ts} for k, v in counts.items()
        ]
        data.append(
            {"MetricName": "QualityScore", "Value": self.quality_score, "Unit": "Percent", "Timestamp": ts}
        )
        data.append(
            {"MetricName": "FailureRate", "Value": self.failure_rate, "Unit": "Percent", "Timestamp": ts}
        )
        return data


def put_quality(cloudwatch: Any, counts: QualityCounts, pipeline: str | None = None) -> None:
    """The alarm reads the series without dimensions; a ``Pipeline`` series tells runs apart."""
    data = counts.metric_data()
    cloudwatch.put_metric_data(Namespace=QUALITY_NAMESPACE, MetricData=data)
    if pipeline:
        tagged = [{**d, "Dimensions": [{"Name": "Pipeline", "Value": pipeline}]} for d in data]
        cloudwatch.put_metric_data(Namespace=QUALITY_NAMESPACE, MetricData=tagged)


def put_alert_counts(cloudwatch: Any, written_by_type: dict[str, int]) -> None:
    ts = datetime.now(UTC)
    data = [
        {"MetricName": ALERT_METRIC[kind], "Value": float(n), "Unit": "Count", "Timestamp": ts}
        for kind, n in written_by_type.items()
        if kind in ALERT_METRIC and n
    ]
    if data:
        cloudwatch.put_metric_data(Namespace=ALERTS_NAMESPACE, MetricData=data)
