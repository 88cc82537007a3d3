"""Unusual spend is noticed within hours, not at the end of the month."""

from __future__ import annotations

from coattail.review.checks._common import Findings, none_found, unknown, unknown_attributes, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import CostAnomalyMonitor, Inventory


@check(
    id="cost_anomaly_detection",
    title="A Cost Anomaly Detection monitor notifies someone",
    pillar="cost_optimization",
    bp_id="COST01-BP06",
    severity="medium",
    service="ce",
    resource_type="AWS::CE::AnomalyMonitor",
    rationale="A budget compares the month with a fixed figure and a billing alarm a running total; an "
    "anomaly monitor learns each service's normal spend and reports a runaway resource within hours. A "
    "monitor without a subscription detects but tells nobody. Cost Anomaly Detection is free.",
    remediation="aws ce create-anomaly-monitor --anomaly-monitor "
    "MonitorName=services,MonitorType=DIMENSIONAL,"
    "MonitorDimension=SERVICE; then aws ce create-anomaly-subscription with an SNS or e-mail subscriber",
    remediation_terraform='resource "aws_ce_anomaly_monitor" "services" { monitor_type = "DIMENSIONAL"  '
    'monitor_dimension = "SERVICE" }\nresource "aws_ce_anomaly_subscription" "topic" { ... subscriber { '
    'type = "SNS" ... } }',
)
def cost_anomaly_detection(inv: Inventory) -> Findings:
    for m in inv.cost_anomaly_monitors:
        pending = unknown_attributes(m, "subscriptions")
        if pending or m.subscriptions is None:
            yield pending or unknown(m, "its subscriptions were not read")
            continue
        who = sorted({s for sub in m.subscriptions for s in sub.subscribers})
        yield verdict(
            m,
            m.notifies,
            f"{m.monitor_type or ''} monitor notifies {', '.join(who)}".strip(),
            f"monitor {m.name} has no subscription: anomalies are detected but nobody is told",
            subscriptions=[s.name for s in m.subscriptions],
            subscribers=who,
        )
    if not inv.cost_anomaly_monitors:
        yield none_found(inv, CostAnomalyMonitor, "Cost Anomaly Detection monitors", required=True)
