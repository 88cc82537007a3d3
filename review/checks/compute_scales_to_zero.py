"""Nothing consumes resources while the platform is inactive."""

from __future__ import annotations

from coattail.review.checks._common import Findings, none_found, unknown_attributes, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import EMRServerlessApp, Inventory


@check(
    id="compute_scales_to_zero",
    title="Spark and table capacity drop to zero when idle",
    pillar="sustainability",
    bp_id="SUS02-BP01",
    severity="medium",
    service="multiple",
    resource_type="AWS::EMRServerless::Application|AWS::DynamoDB::Table",
    rationale="Resources that stop when inactive consume no energy between demo sessions.",
    remediation="Enable EMR Serverless auto-stop and use PAY_PER_REQUEST tables.",
    remediation_terraform="auto_stop_configuration { enabled = true  idle_timeout_minutes = 15 }",
)
def compute_scales_to_zero(inv: Inventory) -> Findings:
    for app in inv.emr_serverless_apps:
        yield unknown_attributes(app, "auto_stop_enabled", "auto_stop_idle_minutes") or verdict(
            app,
            bool(app.auto_stop_enabled),
            f"EMR Serverless stops after {app.auto_stop_idle_minutes} idle minutes",
            "EMR Serverless never stops when idle",
            auto_stop_enabled=app.auto_stop_enabled,
        )
    for t in inv.dynamodb_tables:
        yield unknown_attributes(t, "billing_mode") or verdict(
            t,
            t.billing_mode == "PAY_PER_REQUEST",
            "DynamoDB on-demand: no capacity reserved when idle",
            f"DynamoDB {t.billing_mode}: capacity reserved around the clock",
            billing_mode=t.billing_mode,
        )
    if not inv.emr_serverless_apps and not inv.dynamodb_tables:
        yield none_found(inv, EMRServerlessApp, "Spark applications or tables")
