"""The Spark runtime is a current EMR release."""

from __future__ import annotations

import re

from coattail.review.checks._common import Findings, each, verdict
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import EMRServerlessApp, Inventory
from coattail.review.model import Finding

_VERSION = re.compile(r"(\d+)\.(\d+)\.(\d+)")


def _version(label: str | None) -> tuple[int, ...] | None:
    m = _VERSION.search(label or "")
    return tuple(int(x) for x in m.groups()) if m else None


@check(
    id="emr_release_current",
    title="EMR Serverless applications run a release at or above the documented minimum",
    pillar="performance_efficiency",
    bp_id="PERF05-BP06",
    severity="medium",
    service="emr-serverless",
    resource_type="AWS::EMRServerless::Application",
    rationale=(
        "Newer releases bring Spark Structured Streaming and Iceberg improvements (and security fixes)."
    ),
    remediation="Move release_label to a current EMR release and re-test the jobs.",
    remediation_terraform='release_label = "emr-spark-8.0.0"',
    params={"min_release": "emr-7.0.0"},
)
def emr_release_current(inv: Inventory, p: Params) -> Findings:
    minimum = _version(p.str("min_release"))

    def judge(app: EMRServerlessApp) -> Finding:
        seen = _version(app.release_label)
        return verdict(
            app,
            seen is not None and minimum is not None and seen >= minimum,
            f"release {app.release_label} (>= {p.str('min_release')})",
            f"release {app.release_label} below {p.str('min_release')}",
            release_label=app.release_label,
        )

    yield from each(inv, EMRServerlessApp, "EMR Serverless applications", judge)
