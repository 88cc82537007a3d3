"""AWS Cost Management: Cost Anomaly Detection monitors and their subscriptions."""

from __future__ import annotations

from typing import ClassVar

from coattail.review.inventory.base import Frozen, Resource


class AnomalySubscription(Frozen):
    name: str
    frequency: str | None = None  # DAILY | IMMEDIATE | WEEKLY
    subscribers: tuple[str, ...] = ()  # "SNS:arn", "EMAIL:address"
    impact_threshold_usd: float | None = None  # ANOMALY_TOTAL_IMPACT_ABSOLUTE, when the expression sets one


class CostAnomalyMonitor(Resource):
    resource_type: ClassVar[str] = "AWS::CE::AnomalyMonitor"
    service: ClassVar[str] = "ce"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_ce_anomaly_monitor",)

    monitor_type: str | None = None  # DIMENSIONAL | CUSTOM
    monitor_dimension: str | None = None  # SERVICE for a dimensional monitor
    subscriptions: tuple[AnomalySubscription, ...] | None = None  # None = not read

    @property
    def notifies(self) -> bool:
        return any(s.subscribers for s in self.subscriptions or ())
