"""Kinesis streams scale their shards automatically (on-demand capacity)."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, matches, unknown_attributes, verdict
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import Inventory, KinesisStream
from coattail.review.model import Finding


@check(
    id="kinesis_on_demand",
    title="Kinesis streams use on-demand capacity mode",
    pillar="performance_efficiency",
    bp_id="PERF02-BP05",
    severity="medium",
    service="kinesis",
    resource_type="AWS::Kinesis::Stream",
    rationale="On-demand streams add and remove shards with the write rate: no capacity planning, "
    "no throttling when a market burst arrives.",
    remediation="Switch the stream to ON_DEMAND capacity mode.",
    remediation_terraform='stream_mode_details { stream_mode = "ON_DEMAND" }',
    params={"streams": ["*"]},
)
def kinesis_on_demand(inv: Inventory, p: Params) -> Findings:
    def judge(s: KinesisStream) -> Finding:
        return unknown_attributes(s, "stream_mode") or verdict(
            s,
            s.stream_mode == "ON_DEMAND",
            "capacity mode ON_DEMAND",
            f"capacity mode {s.stream_mode} with {s.shard_count} shard(s)",
            stream_mode=s.stream_mode,
            shard_count=s.shard_count,
        )

    yield from each(
        inv,
        KinesisStream,
        "Kinesis streams",
        judge,
        select=lambda s: matches(s.name, p.strs("streams")),
        required=p.strs("streams") != ("*",),
    )
