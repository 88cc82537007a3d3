"""Nothing is billed by the hour while the platform is idle."""

from __future__ import annotations

from coattail.review.checks._common import Findings, none_found, unknown_attributes, verdict
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import Inventory, KinesisStream


@check(
    id="serverless_pay_per_use",
    title="Streams, tables and Spark use pay-per-use pricing with no provisioned idle capacity",
    pillar="cost_optimization",
    bp_id="COST07-BP01",
    severity="medium",
    service="multiple",
    resource_type="AWS::Kinesis::Stream|AWS::DynamoDB::Table|AWS::EMRServerless::Application",
    rationale="For a workload active two hours a week, on-demand and pay-per-request pricing costs a "
    "fraction of provisioned capacity sized for the peak.",
    remediation="Use ON_DEMAND streams, PAY_PER_REQUEST tables and auto-stopping EMR Serverless.",
    remediation_terraform=(
        'stream_mode_details { stream_mode = "ON_DEMAND" }\nbilling_mode = "PAY_PER_REQUEST"'
    ),
    params={"max_provisioned_shards": 1},
)
def serverless_pay_per_use(inv: Inventory, p: Params) -> Findings:
    for s in inv.kinesis_streams:
        minimal = s.stream_mode == "PROVISIONED" and (s.shard_count or 0) <= p.int("max_provisioned_shards")
        # the shard count matters only for a provisioned stream (on-demand ones report it computed)
        shards = ("shard_count",) if s.stream_mode == "PROVISIONED" else ()
        yield unknown_attributes(s, "stream_mode", *shards) or verdict(
            s,
            s.stream_mode == "ON_DEMAND" or minimal,
            "Kinesis ON_DEMAND (billed per GB and stream-hour)"
            if s.stream_mode == "ON_DEMAND"
            else f"Kinesis PROVISIONED at {s.shard_count} shard(s), below an on-demand stream-hour",
            f"Kinesis {s.stream_mode} with {s.shard_count} provisioned shard(s)",
            stream_mode=s.stream_mode,
            shard_count=s.shard_count,
        )
    for t in inv.dynamodb_tables:
        yield unknown_attributes(t, "billing_mode") or verdict(
            t,
            t.billing_mode == "PAY_PER_REQUEST",
            "DynamoDB PAY_PER_REQUEST (billed per request)",
            f"DynamoDB {t.billing_mode} capacity billed by the hour",
            billing_mode=t.billing_mode,
        )
    for app in inv.emr_serverless_apps:
        yield unknown_attributes(app, "auto_stop_enabled") or verdict(
            app,
            bool(app.auto_stop_enabled),
            "EMR Serverless billed per worker-second, auto-stops when idle",
            "EMR Serverless never auto-stops: pre-initialised workers bill while idle",
            auto_stop_enabled=app.auto_stop_enabled,
        )
    if not (inv.kinesis_streams or inv.dynamodb_tables or inv.emr_serverless_apps):
        yield none_found(inv, KinesisStream, "streams, tables or Spark applications")
