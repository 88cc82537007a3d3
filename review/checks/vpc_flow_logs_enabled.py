"""VPCs record their traffic in flow logs."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown, unknown_attributes, verdict
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import VPC, Inventory
from coattail.review.model import Finding


def _unused_default(v: VPC) -> bool:
    return v.is_default and v.network_interfaces == 0


@check(
    id="vpc_flow_logs_enabled",
    title="VPCs have active flow logs",
    pillar="security",
    bp_id="SEC04-BP01",
    severity="medium",
    service="ec2",
    resource_type="AWS::EC2::VPC",
    rationale="Flow logs are the record of who talked to what in a VPC: without them an investigation "
    "cannot tell whether an exposed port was used or where data went. Every VPC built for a workload "
    "is judged. A default VPC observed to hold no network interface carries no traffic to record and is "
    "exempt (parameter exempt_unused_default_vpc); once anything runs in it, it needs flow logs too.",
    remediation="aws ec2 create-flow-logs --resource-type VPC --resource-ids <vpc> --traffic-type ALL "
    "--log-destination-type cloud-watch-logs --log-group-name <group> --deliver-logs-permission-arn <role>",
    remediation_terraform='resource "aws_flow_log" "vpc" {\n  vpc_id          = aws_vpc.main.id\n'
    '  traffic_type    = "ALL"\n  log_destination = aws_cloudwatch_log_group.flow.arn\n'
    "  iam_role_arn    = aws_iam_role.flow.arn\n}",
    params={"exempt_unused_default_vpc": True},
)
def vpc_flow_logs_enabled(inv: Inventory, p: Params) -> Findings:
    exempt = p.bool("exempt_unused_default_vpc")

    def judge(v: VPC) -> Finding:
        logs = v.active_flow_logs
        if logs is None:
            return unknown_attributes(v, "active_flow_logs") or unknown(v, "flow logs not read")
        return verdict(
            v,
            bool(logs),
            f"{len(logs)} active flow log(s): {', '.join(logs)}",
            "no active flow log" + (" (default VPC in use)" if v.is_default else ""),
            active_flow_logs=logs,
            is_default=v.is_default,
            network_interfaces=v.network_interfaces,
        )

    yield from each(inv, VPC, "VPCs", judge, select=lambda v: not (exempt and _unused_default(v)))
