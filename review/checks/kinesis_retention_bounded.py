"""Stream retention is no longer than the data is needed."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown_attributes, verdict
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import Inventory, KinesisStream
from coattail.review.model import Finding


@check(
    id="kinesis_retention_bounded",
    title="Kinesis retention stays within the documented bound",
    pillar="sustainability",
    bp_id="SUS04-BP05",
    severity="low",
    service="kinesis",
    resource_type="AWS::Kinesis::Stream",
    rationale="Extended retention stores (and bills) every record for days after the consumers have "
    "checkpointed past it; the lakehouse is the long-term store.",
    remediation="Lower retention_period to what replay and recovery actually need.",
    remediation_terraform="retention_period = 24",
    params={"max_hours": 168},
)
def kinesis_retention_bounded(inv: Inventory, p: Params) -> Findings:
    limit = p.int("max_hours")

    def judge(s: KinesisStream) -> Finding:
        hours = s.retention_hours
        return unknown_attributes(s, "retention_hours") or verdict(
            s,
            hours is not None and hours <= limit,
            f"retention {hours} h (<= {limit} h)",
            f"retention {hours} h exceeds {limit} h",
            retention_hours=hours,
        )

    yield from each(inv, KinesisStream, "Kinesis streams", judge)
