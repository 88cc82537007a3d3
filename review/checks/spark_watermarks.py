"""Late events are tolerated up to a bounded watermark."""

from __future__ import annotations

from coattail.review.checks._common import Findings
from coattail.review.checks._config import config_checks
from coattail.review.checks._registry import Params, check
from coattail.review.checks._repo import seconds
from coattail.review.inventory import Inventory


@check(
    id="spark_watermarks",
    kind="claim",
    title="Windowed detectors declare the documented event-time watermarks",
    pillar="reliability",
    bp_id="REL04-BP02",
    severity="medium",
    service="repository",
    resource_type="file",
    rationale="A watermark accepts events that arrive late by up to its delay and bounds the state kept, "
    "so exchange delays neither drop data nor grow memory without limit.",
    remediation="Set each windowed detector's watermark in the pipeline configuration.",
    params={"path": "platform/jobs/config/pipeline.yaml", "expected": {}},
)
def spark_watermarks(inv: Inventory, p: Params) -> Findings:
    yield from config_checks(inv, p.str("path"), p.mapping("expected"), lambda a, b: seconds(a) == seconds(b))
