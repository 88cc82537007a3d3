"""Container definitions take secrets from a secret store, never from plain environment."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown_attributes, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import ECSTaskDefinition, Inventory
from coattail.review.model import Finding


@check(
    id="ecs_task_no_secrets_in_env",
    title="ECS task definitions put no secrets in plain environment variables",
    pillar="security",
    bp_id="SEC02-BP03",
    severity="high",
    service="ecs",
    resource_type="AWS::ECS::TaskDefinition",
    rationale="Plain environment values are stored in the task definition, readable with "
    "ecs:DescribeTaskDefinition; the secrets block injects them from SSM/Secrets Manager instead.",
    remediation=(
        "Move secret-like variables to the container's secrets block (valueFrom SSM/Secrets Manager)."
    ),
    remediation_terraform='secrets = [{ name = "API_TOKEN", valueFrom = aws_ssm_parameter.token.arn }]',
)
def ecs_task_no_secrets_in_env(inv: Inventory) -> Findings:
    def judge(t: ECSTaskDefinition) -> Finding:
        bad = sorted(f"{c.name}.{n}" for c in t.containers for n in c.secret_like_env_names)
        return unknown_attributes(t, "containers") or verdict(
            t,
            not bad,
            f"{len(t.containers)} container(s), no secret-like plain environment variables",
            f"secret-like plain environment variables {bad}",
            secret_like=bad,
        )

    yield from each(inv, ECSTaskDefinition, "ECS task definitions", judge)
