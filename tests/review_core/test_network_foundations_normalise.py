"""The account-foundation normalisers: botocore-shaped answers and Terraform state values give the
models the checks judge (security group rules per source, flow logs, metadata options, PAB)."""

from __future__ import annotations

from typing import Any

import botocore.session

from coattail.review.checks._registry import load_checks
from coattail.review.collectors.live.spec import Context
from coattail.review.collectors.live.specs import network as live
from coattail.review.collectors.terraform.context import TfContext
from coattail.review.collectors.terraform.loader import TfResource
from coattail.review.collectors.terraform.locate import Locator
from coattail.review.collectors.terraform.normalise import network as tf
from coattail.review.inventory import Inventory, Resource
from coattail.review.model import Status

CTX = Context(account="123456789012", region="eu-west-1")
CHECKS = {c.id: c for c in load_checks()}


def _statuses(check_id: str, *resources: Resource) -> dict[str, Status]:
    findings = CHECKS[check_id].run(Inventory.from_resources(list(resources)), None)
    return {f.resource_id.rsplit("/", 1)[-1]: f.status for f in findings}


def _members(service: str, operation: str, *path: str) -> set[str]:
    model = botocore.session.get_session().get_service_model(service)
    shape: Any = model.operation_model(operation).output_shape
    for name in path:
        shape = shape.members[name]
        shape = getattr(shape, "member", shape)
    return set(shape.members)


def test_live_security_group_rules_follow_the_ec2_shape() -> None:
    assert {"IpProtocol", "FromPort", "ToPort", "IpRanges", "Ipv6Ranges", "UserIdGroupPairs"} <= _members(
        "ec2", "DescribeSecurityGroups", "SecurityGroups", "IpPermissions"
    )
    item: dict[str, Any] = {
        "GroupId": "sg-0123456789abcdef0",
        "GroupName": "db",
        "VpcId": "vpc-1",
        "IpPermissions": [
            {"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "Ipv6Ranges": [{"CidrIpv6": "::/0"}]},
            {"IpProtocol": "-1", "UserIdGroupPairs": [{"GroupId": "sg-1"}]},
        ],
    }
    group = live._security_group({"item": item}, CTX)
    assert isinstance(group, live.SecurityGroup)
    assert [(r.protocol, r.from_port, r.source) for r in group.ingress] == [
        ("-1", None, "sg-1"),
        ("tcp", 5432, "::/0"),
    ]
    assert _statuses("ec2_security_group_admin_ports_closed", group) == {
        group.id.rsplit("/", 1)[-1]: Status.FAIL
    }


def test_live_vpc_instance_and_account_block() -> None:
    assert {"FlowLogId", "FlowLogStatus", "ResourceId"} <= _members("ec2", "DescribeFlowLogs", "FlowLogs")
    assert {"HttpTokens", "HttpEndpoint"} <= _members(
        "ec2", "DescribeInstances", "Reservations", "Instances", "MetadataOptions"
    )
    vpc = live._vpc(
        {
            "item": {"VpcId": "vpc-1", "IsDefault": True, "CidrBlock": "172.31.0.0/16"},
            "flow_logs": [{"FlowLogId": "fl-1", "FlowLogStatus": "ACTIVE", "ResourceId": "vpc-1"}],
            "interfaces": ["eni-1"],
        },
        CTX,
    )
    assert vpc.active_flow_logs == ("fl-1",) and vpc.network_interfaces == 1 and vpc.is_default
    assert _statuses("ec2_default_vpc_unused", vpc) == {"vpc-1": Status.FAIL}
    assert _statuses("vpc_flow_logs_enabled", vpc) == {"vpc-1": Status.PASS}
    instance = live._instance(
        {
            "item": {
                "InstanceId": "i-1",
                "State": {"Name": "running"},
                "MetadataOptions": {"HttpTokens": "optional"},
            }
        },
        CTX,
    )
    assert instance is not None and _statuses("ec2_imdsv2_required", instance) == {"i-1": Status.FAIL}
    assert live._instance({"item": {"InstanceId": "i-2", "State": {"Name": "terminated"}}}, CTX) is None
    unset = live._account_pab({"item": "123456789012", "config": None}, CTX)
    assert _statuses("s3_account_public_access_blocked", unset) == {"public-access-block": Status.FAIL}


def _tf(rtype: str, label: str, **values: Any) -> TfResource:
    address = f"{rtype}.{label}"
    return TfResource(address=address, module="", type=rtype, name=label, index=None, values=values)


def test_terraform_security_group_joins_its_rule_resources() -> None:
    group = _tf("aws_security_group", "web", id="sg-web", name="web", ingress=[
        {"protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": ["0.0.0.0/0"]}
    ])  # fmt: skip
    ssh = _tf("aws_vpc_security_group_ingress_rule", "ssh", security_group_id="sg-web", ip_protocol="tcp",
              from_port=22, to_port=22, cidr_ipv4="0.0.0.0/0")  # fmt: skip
    egress = _tf("aws_security_group_rule", "out", security_group_id="sg-web", type="egress", protocol="-1",
                 from_port=0, to_port=0, cidr_blocks=["0.0.0.0/0"])  # fmt: skip
    resources = [group, ssh, egress]
    ctx = TfContext(resources=resources, locator=Locator(None), region="eu-west-1", account="123456789012")
    sg = tf.security_group(ctx, group)
    assert isinstance(sg, tf.SecurityGroup)
    assert {(r.from_port, r.source) for r in sg.ingress} == {(443, "0.0.0.0/0"), (22, "0.0.0.0/0")}
    assert next(iter(_statuses("ec2_security_group_admin_ports_closed", sg).values())) == Status.FAIL

    vpc = _tf("aws_vpc", "main", id="vpc-1", cidr_block="10.0.0.0/16")
    flow = _tf("aws_flow_log", "main", id="fl-1", vpc_id="vpc-1")
    ctx = TfContext(resources=[vpc, flow], locator=Locator(None), region="eu-west-1", account="123456789012")
    assert tf.vpc(ctx, vpc).active_flow_logs == ("fl-1",)  # type: ignore[attr-defined]
    instance = _tf("aws_instance", "app", id="i-1", metadata_options=[{"http_tokens": "required"}])
    assert tf.instance(ctx, instance).http_tokens == "required"  # type: ignore[attr-defined]
