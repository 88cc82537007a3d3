"""An idle Spark application releases its workers."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown_attributes, verdict
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import EMRServerlessApp, Inventory
from coattail.review.model import Finding


@check(
    id="emr_auto_stop",
    title="EMR Serverless auto-stop is enabled within the documented idle time",
    pillar="cost_optimization",
    bp_id="COST04-BP04",
    severity="high",
    service="emr-serverless",
    resource_type="AWS::EMRServerless::Application",
    rationale="Pre-initialised workers bill while the application is started; auto-stop ends that after "
    "the idle timeout.",
    remediation="Enable auto_stop_configuration with the documented idle timeout.",
    remediation_terraform="auto_stop_configuration { enabled = true  idle_timeout_minutes = 15 }",
    params={"max_idle_minutes": 15},
)
def emr_auto_stop(inv: Inventory, p: Params) -> Findings:
    limit = p.int("max_idle_minutes")

    def judge(app: EMRServerlessApp) -> Finding:
        mins = app.auto_stop_idle_minutes
        ok = bool(app.auto_stop_enabled) and mins is not None and mins <= limit
        return unknown_attributes(app, "auto_stop_enabled", "auto_stop_idle_minutes") or verdict(
            app,
            ok,
            f"auto-stop after {mins} idle minutes",
            f"auto-stop {'after ' + str(mins) + ' min' if app.auto_stop_enabled else 'disabled'} (<= {limit} "
            f"expected)",
            auto_stop_enabled=app.auto_stop_enabled,
            idle_minutes=mins,
        )

    yield from each(inv, EMRServerlessApp, "EMR Serverless applications", judge)
