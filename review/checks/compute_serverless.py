"""Compute and data stores scale by themselves (serverless or on-demand)."""

from __future__ import annotations

from coattail.review.checks._common import Findings, none_found, unknown_attributes, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import DynamoDBTable, Inventory


@check(
    id="compute_serverless",
    title="Compute is serverless and data stores use on-demand capacity",
    pillar="performance_efficiency",
    bp_id="PERF02-BP01",
    severity="medium",
    service="multiple",
    resource_type="AWS::EMRServerless::Application|AWS::ECS::TaskDefinition|AWS::DynamoDB::Table",
    rationale="Serverless compute (EMR Serverless, Lambda, Fargate) and on-demand tables scale with the "
    "load without capacity planning or idle servers.",
    remediation="Use EMR Serverless/Lambda/Fargate instead of instances, PAY_PER_REQUEST instead of "
    "provisioned capacity.",
    remediation_terraform='billing_mode = "PAY_PER_REQUEST"\nrequires_compatibilities = ["FARGATE"]',
)
def compute_serverless(inv: Inventory) -> Findings:
    # Lambda functions are not judged: "Lambda scales per invocation" is true of the service, not an
    # observed setting of the function (the evidence rule), so it would be a constant PASS.
    for app in inv.emr_serverless_apps:
        yield unknown_attributes(app, "auto_start_enabled", "auto_stop_enabled") or verdict(
            app,
            bool(app.auto_start_enabled) and bool(app.auto_stop_enabled),
            "EMR Serverless application, workers scale with the job (auto-start/auto-stop)",
            "EMR Serverless application without auto-start/auto-stop",
        )
    for t in inv.ecs_task_definitions:
        yield unknown_attributes(t, "requires_compatibilities") or verdict(
            t,
            "FARGATE" in t.requires_compatibilities,
            "ECS task on Fargate (no instances to manage)",
            f"ECS task requires {list(t.requires_compatibilities) or ['EC2']} (instances to manage)",
            requires_compatibilities=list(t.requires_compatibilities),
        )
    for d in inv.dynamodb_tables:
        yield unknown_attributes(d, "billing_mode") or verdict(
            d,
            d.billing_mode == "PAY_PER_REQUEST",
            "DynamoDB on-demand (PAY_PER_REQUEST)",
            f"DynamoDB {d.billing_mode} capacity ({d.read_capacity} RCU / {d.write_capacity} WCU)",
            billing_mode=d.billing_mode,
        )
    if not (inv.emr_serverless_apps or inv.ecs_task_definitions or inv.dynamodb_tables):
        yield none_found(inv, DynamoDBTable, "compute or table resources")
