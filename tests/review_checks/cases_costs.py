"""Cases for the Cost Anomaly Detection check."""

from __future__ import annotations

from typing import Any

from coattail.review.inventory import AnomalySubscription, CostAnomalyMonitor


def cases(b: Any) -> dict[str, list[Any]]:
    R, P, F, U = b.Row, b.PASS, b.FAIL, b.UNKNOWN
    topic = AnomalySubscription(name="topic", frequency="IMMEDIATE", subscribers=("SNS:arn:aws:sns:x",))
    watched = b.make(CostAnomalyMonitor, "services", monitor_type="DIMENSIONAL", subscriptions=(topic,))
    silent = b.make(CostAnomalyMonitor, "silent", monitor_type="DIMENSIONAL", subscriptions=())
    unread = b.make(CostAnomalyMonitor, "unread")
    return {
        "cost_anomaly_detection": [
            R(b.inventory(watched), {P: {"services"}}),
            R(b.inventory(watched, silent, unread), {P: {"services"}, F: {"silent"}, U: {"unread"}}),
            R(b.inventory(), {F: {"ce:Cost Anomaly Detection monitors"}}),
        ],
    }
