"""Multi-shard Kinesis streams report per-shard metrics, so a hot shard can be seen."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown_attributes, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory, KinesisStream
from coattail.review.model import Finding

#: The shard-level metrics that show which shard is hot and whether it throttles writes.
REQUIRED = ("IncomingBytes", "WriteProvisionedThroughputExceeded")


def _many_shards(s: KinesisStream) -> bool:
    """On-demand streams always run several shards; a one-shard stream's metrics are the shard's."""
    return s.stream_mode == "ON_DEMAND" or (s.shard_count or 0) > 1 or s.is_unknown("shard_count")


@check(
    id="kinesis_enhanced_monitoring",
    title="Kinesis streams with several shards have shard-level metrics",
    pillar="operational_excellence",
    bp_id="OPS04-BP02",
    severity="low",
    service="kinesis",
    resource_type="AWS::Kinesis::Stream",
    rationale="Stream-level metrics average the shards: a skewed partition key that saturates one "
    "shard and throttles its writers is visible only in shard-level IncomingBytes and "
    "WriteProvisionedThroughputExceeded.",
    remediation="aws kinesis enable-enhanced-monitoring --stream-name <name> --shard-level-metrics "
    "IncomingBytes WriteProvisionedThroughputExceeded",
    remediation_terraform='shard_level_metrics = ["IncomingBytes", "WriteProvisionedThroughputExceeded"]',
)
def kinesis_enhanced_monitoring(inv: Inventory) -> Findings:
    def judge(s: KinesisStream) -> Finding:
        enabled = set(s.shard_level_metrics)
        # "ALL" is how the API takes every metric; it reports them one by one
        missing = [m for m in REQUIRED if m not in enabled and "ALL" not in enabled]
        # a provisioned stream whose shard count a plan leaves open may turn out to have one shard
        shards = ("shard_count",) if s.stream_mode == "PROVISIONED" else ()
        return unknown_attributes(s, "stream_mode", *shards, "shard_level_metrics") or verdict(
            s,
            not missing,
            f"shard-level metrics: {', '.join(sorted(enabled))}",
            f"shard-level {' and '.join(missing)} off: a hot shard is invisible",
            shard_level_metrics=sorted(enabled),
            stream_mode=s.stream_mode,
        )

    yield from each(inv, KinesisStream, "Kinesis streams with several shards", judge, select=_many_shards)
