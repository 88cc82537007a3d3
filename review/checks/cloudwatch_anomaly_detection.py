"""Throughput is watched against its learned normal, not only a fixed threshold."""

from __future__ import annotations

from coattail.review.checks._common import Findings, none_found, verdict
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import CloudWatchAlarm, Inventory


@check(
    id="cloudwatch_anomaly_detection",
    title="An anomaly-detection alarm watches the workload's throughput metric",
    pillar="operational_excellence",
    bp_id="OPS08-BP01",
    severity="low",
    service="cloudwatch",
    resource_type="AWS::CloudWatch::Alarm",
    rationale="Market volume follows daily patterns; an anomaly band catches a silent feed or a flood that a "
    "static threshold misses.",
    remediation="Create an alarm with ANOMALY_DETECTION_BAND over the throughput metric.",
    remediation_terraform='metric_query { id = "band"  expression = "ANOMALY_DETECTION_BAND(m1, 2)" }\n'
    'threshold_metric_id = "band"',
    # empty: any anomaly-band alarm in the account counts (a profile names its workload's metric)
    params={"metric": ""},
)
def cloudwatch_anomaly_detection(inv: Inventory, p: Params) -> Findings:
    metric = p.str("metric")
    if not metric:
        banded = [a for a in inv.cloudwatch_alarms if a.uses_anomaly_detection]
        for a in banded:
            yield verdict(a, True, f"anomaly-detection band ({a.threshold_metric_id})", "",
                          threshold_metric_id=a.threshold_metric_id)  # fmt: skip
        if not banded:
            yield none_found(inv, CloudWatchAlarm, "anomaly-detection alarm on any metric", required=True)
        return
    related = [
        a
        for a in inv.cloudwatch_alarms
        if a.metric_name == metric or any(metric in q for q in a.metric_queries)
    ]
    for a in related:
        yield verdict(
            a,
            a.uses_anomaly_detection,
            f"anomaly-detection band on {metric}",
            f"static threshold on {metric}, no anomaly band",
            threshold_metric_id=a.threshold_metric_id,
        )
    if not related:
        yield none_found(inv, CloudWatchAlarm, f"anomaly-detection alarm on {metric}", required=True)
