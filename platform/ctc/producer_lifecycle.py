"""Start and stop the producer: the Fargate task of family ``<prefix>-producer`` on the ECS cluster
``<prefix>-producer`` (RunTask; stop = StopTask of every task of that family, in
:mod:`coattail.autostop.compute`, shared with the billing auto-stop Lambda). Both are idempotent."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from coattail.autostop.compute import producer_tasks
from coattail.cli.ops_resources import Action, OpsError, Resources
from coattail.core.aws import AwsTarget


def start_producer(
    target: AwsTarget, res: Resources, subnets: Sequence[str] = (), security_groups: Sequence[str] = ()
) -> Action:
    running = producer_tasks(target, res)
    if running:
        return Action("producer", "already-running", {"task_arns": running})
    network = producer_network(target, subnets, security_groups)
    response = target.client("ecs").run_task(
        cluster=res.ecs_cluster,
        taskDefinition=res.task_family,
        launchType="FARGATE",
        count=1,
        startedBy="ctc-ops",
        networkConfiguration={"awsvpcConfiguration": network},
        propagateTags="TASK_DEFINITION",
    )
    failures = response.get("failures") or []
    if failures:
        raise OpsError(f"ECS RunTask failed: {failures}")
    arns = [t["taskArn"] for t in response.get("tasks", [])]
    return Action("producer", "started", {"task_arns": arns, **network})


def producer_network(
    target: AwsTarget, subnets: Sequence[str], security_groups: Sequence[str]
) -> dict[str, Any]:
    """awsvpc settings: given subnets/groups, else the default VPC's subnets and its default group.

    The platform has no VPC of its own (ADR-007: no VPC, no NAT): the task gets a public IP for
    its outbound WebSocket connections; the default group allows no inbound traffic from outside.
    """
    ec2 = target.client("ec2")
    chosen = list(subnets)
    if not chosen:
        found = ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}]).get(
            "Subnets", []
        )
        if not found:
            raise OpsError(
                "no default-VPC subnets: pass --subnet (or CTC_PRODUCER_SUBNETS) for the producer task"
            )
        chosen = [s["SubnetId"] for s in found[:3]]
    groups = list(security_groups)
    if not groups:
        vpc = ec2.describe_subnets(SubnetIds=chosen[:1])["Subnets"][0]["VpcId"]
        found_groups = ec2.describe_security_groups(
            Filters=[{"Name": "vpc-id", "Values": [vpc]}, {"Name": "group-name", "Values": ["default"]}]
        ).get("SecurityGroups", [])
        if not found_groups:
            raise OpsError(f"no default security group in {vpc}: pass --security-group")
        groups = [found_groups[0]["GroupId"]]
    return {"subnets": chosen, "securityGroups": groups, "assignPublicIp": "ENABLED"}
