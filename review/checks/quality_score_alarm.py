"""A drop in data quality raises an alarm."""

from __future__ import annotations

from coattail.review.checks._alarms import specific_alarm
from coattail.review.checks._common import Findings
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import Inventory


@check(
    id="quality_score_alarm",
    kind="claim",
    title="An alarm watches the pipeline's data-quality score",
    pillar="operational_excellence",
    bp_id="OPS04-BP01",
    severity="medium",
    service="cloudwatch",
    resource_type="AWS::CloudWatch::Alarm",
    rationale="The quality score (passed/processed) is the pipeline's key health indicator; a drop means "
    "a feed changed shape or broke.",
    remediation="Alarm on the custom QualityScore metric below the documented floor.",
    remediation_terraform='namespace = "CryptoPulse/Quality"  metric_name = "QualityScore"\n'
    'comparison_operator = "LessThanThreshold"  threshold = 95',
    params={"namespace": "CryptoPulse/Quality", "metric": "QualityScore", "threshold": None, "period": None},
)
def quality_score_alarm(inv: Inventory, p: Params) -> Findings:
    want = {"threshold": p["threshold"], "period": p["period"], "comparison_operator": "LessThanThreshold"}
    yield from specific_alarm(inv, p.str("namespace"), p.str("metric"), want)
