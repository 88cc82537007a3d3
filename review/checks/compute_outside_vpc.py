"""No NAT gateway is needed: serverless compute reaches AWS APIs without a VPC."""

from __future__ import annotations

from coattail.review.checks._common import Findings, none_found, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory, LambdaFunction


@check(
    id="compute_outside_vpc",
    title="Functions and Spark run outside a VPC, so no NAT gateway is billed",
    # A workload's design claim ("no VPC needed"), not a practice for every account: attaching a
    # function to a VPC is often right (compute_network_isolation); the cost side of any account is
    # judged by no_nat_gateway.
    kind="claim",
    pillar="cost_optimization",
    bp_id="COST08-BP02",
    severity="low",
    service="multiple",
    resource_type="AWS::Lambda::Function|AWS::EMRServerless::Application",
    rationale="VPC-attached compute that calls AWS APIs or the internet needs a NAT gateway (about 32 USD "
    "a month plus data processing) or endpoints; the platform's public-data design avoids both.",
    remediation="Keep compute outside a VPC unless it must reach private resources; then use VPC endpoints.",
    remediation_terraform="# no vpc_config block on aws_lambda_function; no network_configuration on EMR",
)
def compute_outside_vpc(inv: Inventory) -> Findings:
    for f in inv.lambda_functions:
        yield verdict(
            f,
            not f.vpc_configured,
            "Lambda outside a VPC (no NAT path)",
            "Lambda attached to a VPC: needs a NAT gateway or endpoints",
            vpc_configured=f.vpc_configured,
        )
    for app in inv.emr_serverless_apps:
        yield verdict(
            app,
            not app.network_configured,
            "EMR Serverless without VPC networking (no NAT path)",
            "EMR Serverless in a VPC: needs a NAT gateway or endpoints",
            network_configured=app.network_configured,
        )
    if not inv.lambda_functions and not inv.emr_serverless_apps:
        yield none_found(inv, LambdaFunction, "functions or Spark applications")
