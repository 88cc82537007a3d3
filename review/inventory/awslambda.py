"""AWS Lambda functions (environment variable names only, never their values)."""

from __future__ import annotations

from typing import ClassVar

from coattail.review.inventory.base import Resource
from coattail.review.inventory.policy import PolicyDocument


class LambdaFunction(Resource):
    resource_type: ClassVar[str] = "AWS::Lambda::Function"
    service: ClassVar[str] = "lambda"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_lambda_function",)

    runtime: str | None = None
    handler: str | None = None
    package_type: str | None = None
    memory_mb: int | None = None
    timeout_seconds: int | None = None
    reserved_concurrency: int | None = None  # None = unreserved
    tracing_mode: str | None = None  # Active | PassThrough
    role_arn: str | None = None
    env_var_names: tuple[str, ...] = ()
    dead_letter_target_arn: str | None = None
    architectures: tuple[str, ...] = ()
    kms_key_arn: str | None = None
    vpc_configured: bool | None = None
    vpc_subnet_ids: tuple[str, ...] = ()  # a subnet lives in exactly one AZ
    vpc_subnet_azs: tuple[str, ...] | None = None  # their AZs (live: DescribeSubnets); None = not read
    log_group: str | None = None
    url_auth_type: str | None = None  # the function URL's AuthType (NONE | AWS_IAM); None = no URL
    policy: PolicyDocument | None = (
        None  # resource-based policy (GetPolicy); Terraform: its aws_lambda_permissions
    )
