"""AWS Systems Manager Parameter Store parameters (metadata only: values are never collected)."""

from __future__ import annotations

from typing import ClassVar

from coattail.review.inventory.base import Resource


class SSMParameter(Resource):
    resource_type: ClassVar[str] = "AWS::SSM::Parameter"
    service: ClassVar[str] = "ssm"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_ssm_parameter",)

    parameter_type: str | None = None  # String | StringList | SecureString
    tier: str | None = None
    data_type: str | None = None
    kms_key_id: str | None = None
