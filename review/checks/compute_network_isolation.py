"""Compute that touches data runs inside a private network layer."""

from __future__ import annotations

from coattail.review.checks._common import Findings, none_found, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory, LambdaFunction


@check(
    id="compute_network_isolation",
    title="Functions and Spark applications run inside a VPC (private network layer)",
    pillar="security",
    bp_id="SEC05-BP01",
    severity="medium",
    service="multiple",
    resource_type="AWS::Lambda::Function|AWS::EMRServerless::Application",
    rationale="A VPC with private subnets and VPC endpoints keeps data-plane traffic off the internet and "
    "lets security groups and endpoint policies restrict what compute can reach. Its cost (NAT gateway "
    "or endpoints) is the trade-off compute_outside_vpc measures from the cost side.",
    remediation="Attach functions and the EMR application to private subnets with VPC endpoints for S3, "
    "DynamoDB, Kinesis and the APIs they call — or record the accepted risk in a waiver.",
    remediation_terraform=(
        "vpc_config { subnet_ids = var.private_subnet_ids  security_group_ids = [aws_security_group.fn.id] }"
    ),
)
def compute_network_isolation(inv: Inventory) -> Findings:
    for f in inv.lambda_functions:
        yield verdict(
            f,
            bool(f.vpc_configured),
            "Lambda attached to a VPC",
            "Lambda outside any VPC",
            vpc_configured=f.vpc_configured,
        )
    for app in inv.emr_serverless_apps:
        yield verdict(
            app,
            bool(app.network_configured),
            "EMR Serverless in VPC subnets",
            "EMR Serverless without VPC networking",
            network_configured=app.network_configured,
        )
    if not inv.lambda_functions and not inv.emr_serverless_apps:
        yield none_found(inv, LambdaFunction, "functions or Spark applications")
