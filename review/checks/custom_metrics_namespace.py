"""The application publishes its own metrics, and they are charted or alarmed on."""

from __future__ import annotations

from coattail.review.checks._common import Findings, none_found, verdict
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import CloudWatchAlarm, Inventory


@check(
    id="custom_metrics_namespace",
    kind="claim",
    title="Application metrics in the custom namespace are charted or alarmed on",
    pillar="operational_excellence",
    bp_id="OPS04-BP02",
    severity="medium",
    service="cloudwatch",
    resource_type="AWS::CloudWatch::Dashboard|AWS::CloudWatch::Alarm",
    rationale="Infrastructure metrics say the pipes work; application telemetry (records, quality, alerts) "
    "says the product works.",
    remediation="Publish application metrics under one namespace and use them in the dashboard and alarms.",
    params={"namespace_prefix": "CryptoPulse/"},
)
def custom_metrics_namespace(inv: Inventory, p: Params) -> Findings:
    prefix = p.str("namespace_prefix")
    seen = 0
    for d in inv.cloudwatch_dashboards:
        used = sorted({f"{m.namespace}:{m.metric_name}" for m in d.metrics if m.namespace.startswith(prefix)})
        seen += bool(used)
        yield verdict(d, bool(used), f"charts {', '.join(used)}", f"charts no {prefix}* metric", metrics=used)
    for a in inv.cloudwatch_alarms:
        if (a.namespace or "").startswith(prefix):
            seen += 1
            yield verdict(a, True, f"alarms on {a.namespace} {a.metric_name}", "", metric=a.metric_name)
    if not seen and not inv.cloudwatch_dashboards:
        yield none_found(inv, CloudWatchAlarm, f"use of {prefix}* metrics", required=True)
