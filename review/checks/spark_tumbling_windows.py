"""Aggregation windows balance alert latency against compute."""

from __future__ import annotations

from coattail.review.checks._common import Findings
from coattail.review.checks._config import config_checks
from coattail.review.checks._registry import Params, check
from coattail.review.checks._repo import seconds
from coattail.review.inventory import Inventory


@check(
    id="spark_tumbling_windows",
    kind="claim",
    title="Windowed detectors use the documented tumbling window sizes",
    pillar="performance_efficiency",
    bp_id="PERF02-BP04",
    severity="low",
    service="repository",
    resource_type="file",
    rationale="Window size trades alert latency against compute per record; the sizes are a measured "
    "decision and belong in configuration, not code.",
    remediation="Set each detector's window in the pipeline configuration.",
    params={"path": "platform/jobs/config/pipeline.yaml", "expected": {}},
)
def spark_tumbling_windows(inv: Inventory, p: Params) -> Findings:
    yield from config_checks(inv, p.str("path"), p.mapping("expected"), lambda a, b: seconds(a) == seconds(b))
