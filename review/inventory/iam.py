"""AWS IAM roles and customer-managed policies."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from coattail.review.inventory.base import Resource
from coattail.review.inventory.policy import NamedPolicy, PolicyDocument, PolicyStatement


class IAMRole(Resource):
    resource_type: ClassVar[str] = "AWS::IAM::Role"
    service: ClassVar[str] = "iam"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_iam_role",)

    path: str = "/"
    trust_policy: PolicyDocument | None = None
    inline_policies: tuple[NamedPolicy, ...] = ()
    attached_policies: tuple[NamedPolicy, ...] = ()
    permissions_boundary_arn: str | None = None
    max_session_duration: int | None = None
    created_at: datetime | None = None
    last_used_at: datetime | None = None
    last_used_region: str | None = None

    @property
    def policies(self) -> tuple[NamedPolicy, ...]:
        return self.inline_policies + self.attached_policies

    @property
    def permission_statements(self) -> tuple[PolicyStatement, ...]:
        """Every statement of every inline and attached policy whose document is known."""
        return tuple(s for p in self.policies if p.document for s in p.document.statements)

    @property
    def trusted_principals(self) -> tuple[str, ...]:
        if self.trust_policy is None:
            return ()
        return tuple(v for s in self.trust_policy.allow_statements for v in s.principal_values())

    @property
    def mfa_required(self) -> bool:
        """True when every Allow statement of the trust policy requires MFA."""
        return self.trust_policy is not None and self.trust_policy.requires_mfa


class IAMPolicy(Resource):
    """A customer-managed policy (AWS-managed ones appear resolved inside roles)."""

    resource_type: ClassVar[str] = "AWS::IAM::ManagedPolicy"
    service: ClassVar[str] = "iam"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_iam_policy",)

    path: str = "/"
    document: PolicyDocument | None = None
    attachment_count: int | None = None
