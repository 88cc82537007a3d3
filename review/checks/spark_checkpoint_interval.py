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
    title="The streaming job's checkpoint interval and start position are configured as documented",
    pillar="reliability",
    bp_id="REL11-BP03",
    severity="medium",
    service="repository",
    resource_type="file",
    rationale="Checkpoints on S3 every micro-batch let a restarted job resume exactly where it stopped; "
    "TRIM_HORIZON on first start reads everything still in the stream.",
    remediation="Set the trigger/checkpoint interval and the initial start position in the pipeline config.",
    params={"path": "platform/jobs/config/pipeline.yaml", "expected": {"streaming.trigger_seconds": 60}},
)
def spark_checkpoint_interval(inv: Inventory, p: Params) -> Findings:
    yield from config_checks(
        inv, p.str("path"), p.mapping("expected"), lambda a, b: a == b or (seconds(a) or -1) == seconds(b)
    )
