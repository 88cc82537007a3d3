"""Consumer lag on the stream raises an alarm before records expire."""

from __future__ import annotations

from coattail.review.checks._alarms import specific_alarm
from coattail.review.checks._common import Findings
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import Inventory


@check(
    id="kinesis_iterator_age_alarm",
    title="An alarm watches Kinesis GetRecords.IteratorAgeMilliseconds",
    pillar="reliability",
    bp_id="REL06-BP01",
    severity="high",
    service="cloudwatch",
    resource_type="AWS::CloudWatch::Alarm",
    rationale="Iterator age is the consumer's lag; if it grows towards the retention period, records are "
    "lost before the detectors see them.",
    remediation="Alarm on GetRecords.IteratorAgeMilliseconds of the trades stream with an SNS action.",
    remediation_terraform='metric_name = "GetRecords.IteratorAgeMilliseconds"  threshold = 300000\n'
    "evaluation_periods = 3  period = 300",
    params={"threshold": None, "period": None, "evaluation_periods": None, "datapoints_to_alarm": None},
)
def kinesis_iterator_age_alarm(inv: Inventory, p: Params) -> Findings:
    want = {k: p[k] for k in ("threshold", "period", "evaluation_periods", "datapoints_to_alarm")}
    yield from specific_alarm(inv, "AWS/Kinesis", "GetRecords.IteratorAgeMilliseconds", want)
