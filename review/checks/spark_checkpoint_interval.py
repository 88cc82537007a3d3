"""The streaming job checkpoints often enough to resume with little rework."""

from __future__ import annotations

from coattail.review.checks._common import Findings
from coattail.review.checks._config import config_checks
from coattail.review.checks._registry import Params, check
from coattail.review.checks._repo import seconds
from coattail.review.inventory import Inventory


@check(
    id="spark_checkpoint_interval",
    kind="claim",
    title="The streaming job checkpoints at least as often as documented",
    pillar="reliability",
    bp_id="REL11-BP03",
    severity="medium",
    service="repository",
    resource_type="file",
    rationale="Spark checkpoints to S3 once per micro-batch, so the trigger interval bounds the work a "
    "restarted job redoes from its checkpoint (TRIM_HORIZON on first start reads everything still in the "
    "stream); a shorter interval also shortens alert latency.",
    remediation="Set streaming.trigger_seconds in the pipeline config to at most the documented interval.",
    params={"path": "platform/jobs/config/pipeline.yaml", "at_most": {"streaming.trigger_seconds": 60}},
)
def spark_checkpoint_interval(inv: Inventory, p: Params) -> Findings:
    def within(seen: object, bound: object) -> bool:
        got, limit = seconds(seen), seconds(bound)
        return got is not None and limit is not None and 0 < got <= limit

    yield from config_checks(inv, p.str("path"), p.mapping("at_most"), within, "expected at most")
