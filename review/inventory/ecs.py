"""Amazon ECS clusters and task definitions."""

from __future__ import annotations

import re
from typing import ClassVar

from coattail.review.inventory.base import Frozen, Resource

SECRET_NAME = re.compile(r"(secret|password|passwd|token|api[_-]?key|private[_-]?key|credential)", re.I)


class ContainerDefinition(Frozen):
    name: str
    image: str | None = None
    essential: bool | None = None
    readonly_root_filesystem: bool | None = None
    privileged: bool | None = None
    user: str | None = None
    log_driver: str | None = None
    env_var_names: tuple[str, ...] = ()
    secret_like_env_names: tuple[str, ...] = ()  # plain environment variables whose NAME looks secret
    secrets_from: tuple[str, ...] = ()  # names of variables injected from SSM/Secrets Manager


class ECSTaskDefinition(Resource):
    resource_type: ClassVar[str] = "AWS::ECS::TaskDefinition"
    service: ClassVar[str] = "ecs"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_ecs_task_definition",)

    family: str
    revision: int | None = None
    cpu: int | None = None  # CPU units (1024 = 1 vCPU)
    memory_mb: int | None = None
    network_mode: str | None = None
    requires_compatibilities: tuple[str, ...] = ()
    task_role_arn: str | None = None
    execution_role_arn: str | None = None
    cpu_architecture: str | None = None
    containers: tuple[ContainerDefinition, ...] = ()


class ECSCluster(Resource):
    resource_type: ClassVar[str] = "AWS::ECS::Cluster"
    service: ClassVar[str] = "ecs"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_ecs_cluster",)

    container_insights: str | None = None  # enabled | enhanced | disabled
    capacity_providers: tuple[str, ...] = ()
