"""Amazon ECR repositories (container images)."""

from __future__ import annotations

from typing import ClassVar

from coattail.review.inventory.base import Resource
from coattail.review.inventory.policy import PolicyDocument


class ECRRepository(Resource):
    resource_type: ClassVar[str] = "AWS::ECR::Repository"
    service: ClassVar[str] = "ecr"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_ecr_repository",)

    uri: str | None = None
    scan_on_push: bool | None = None
    tag_mutability: str | None = None  # MUTABLE | IMMUTABLE (| *_WITH_EXCLUSION)
    encryption_type: str | None = None  # AES256 | KMS | KMS_DSSE
    kms_key: str | None = None
    lifecycle_rules: int | None = None  # rules in the lifecycle policy; 0 = none; None = not read
    policy: PolicyDocument | None = None  # repository policy (GetRepositoryPolicy)

    @property
    def tags_immutable(self) -> bool:
        return (self.tag_mutability or "").startswith("IMMUTABLE")
