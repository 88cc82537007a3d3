"""Cases for the streaming job's own dashboard."""

from __future__ import annotations

from typing import Any

from coattail.review.inventory import CloudWatchDashboard
from coattail.review.inventory.cloudwatch import DashboardWidget, MetricRef
from coattail.review.model import SourceKind


def _widget(namespace: str, *metrics: str) -> DashboardWidget:
    refs = tuple(MetricRef(namespace=namespace, metric_name=m) for m in metrics)
    return DashboardWidget(type="metric", metrics=refs)


def cases(b: Any) -> dict[str, list[Any]]:
    R, P, F, U = b.Row, b.PASS, b.FAIL, b.UNKNOWN
    gate = _widget("CryptoPulse/Quality", "RecordsProcessed", "RecordsFailed", "RecordsLate")
    score = _widget("CryptoPulse/Quality", "QualityScore", "FailureRate")
    detectors = [_widget("CryptoPulse/Alerts", m) for m in ("AnomalyCount", "WhaleCount", "SpreadAlertCount")]
    job = b.make(CloudWatchDashboard, "ctc-dev-streaming-job", widgets=(gate, score, *detectors))
    no_whales = b.make(
        CloudWatchDashboard, "ctc-dev-streaming-job", widgets=(gate, score, detectors[0], detectors[2])
    )
    infra_only = b.make(CloudWatchDashboard, "ctc-dev-platform", widgets=(gate, score, *detectors))
    planned = b.make(
        CloudWatchDashboard,
        "ctc-dev-streaming-job",
        source=SourceKind.TERRAFORM,
        unknown_attributes=("widgets",),
    )
    return {
        "cloudwatch_streaming_job_dashboard": [
            R(b.inventory(job, infra_only), {P: {"ctc-dev-streaming-job"}}),
            R(b.inventory(no_whales), {F: {"ctc-dev-streaming-job"}}),
            # the infrastructure dashboard does not count as the job's own
            R(b.inventory(infra_only), {F: {"cloudwatch:streaming job dashboards"}}),
            R(b.inventory(planned), {U: {"ctc-dev-streaming-job"}}),
        ],
    }
