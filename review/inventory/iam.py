"""AWS IAM roles, customer-managed policies, users and the account-wide IAM settings."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from coattail.review.inventory.base import Frozen, Resource
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


class IAMAccessKey(Frozen):
    """One access key of an IAM user (never the secret)."""

    access_key_id: str
    status: str | None = None  # Active | Inactive
    created_at: datetime | None = None
    last_used_at: datetime | None = None  # None: never used (or not collected)

    @property
    def active(self) -> bool:
        return self.status == "Active"


class IAMUser(Resource):
    """An IAM user with its sign-in credentials and where its permissions come from.

    The credential and permission fields are ``None`` when the source cannot know them (a
    Terraform ``aws_iam_user`` says nothing about a console password, MFA devices or keys).
    """

    resource_type: ClassVar[str] = "AWS::IAM::User"
    service: ClassVar[str] = "iam"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_iam_user",)

    path: str = "/"
    created_at: datetime | None = None
    console_access: bool | None = None  # a login profile (console password) exists
    password_created_at: datetime | None = None
    password_last_used_at: datetime | None = None
    mfa_devices: tuple[str, ...] | None = None  # serial numbers of the user's MFA devices
    access_keys: tuple[IAMAccessKey, ...] | None = None
    groups: tuple[str, ...] | None = None
    inline_policy_names: tuple[str, ...] | None = None
    attached_policy_arns: tuple[str, ...] | None = None

    @property
    def active_keys(self) -> tuple[IAMAccessKey, ...]:
        return tuple(k for k in self.access_keys or () if k.active)


class IAMGroup(Resource):
    """An IAM group and the permissions it hands its members (members: the users' ``groups``)."""

    resource_type: ClassVar[str] = "AWS::IAM::Group"
    service: ClassVar[str] = "iam"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_iam_group",)

    path: str = "/"
    inline_policy_names: tuple[str, ...] = ()
    attached_policy_arns: tuple[str, ...] = ()


class PasswordPolicy(Frozen):
    """The account's IAM password policy (``None`` fields: not set, IAM's default applies)."""

    minimum_password_length: int | None = None
    require_symbols: bool | None = None
    require_numbers: bool | None = None
    require_uppercase_characters: bool | None = None
    require_lowercase_characters: bool | None = None
    allow_users_to_change_password: bool | None = None
    max_password_age: int | None = None  # days; None: passwords never expire
    password_reuse_prevention: int | None = None
    hard_expiry: bool | None = None


class IAMAccountSettings(Resource):
    """The account's IAM-wide settings, one per account: the root user's credentials (MFA from the
    credential report's root row, access keys from the account summary) and the password policy.

    No Terraform resource manages the root user: a Terraform view (from
    ``aws_iam_account_password_policy``) carries the password policy only, root fields ``None``.
    """

    resource_type: ClassVar[str] = "AWS::IAM::AccountSettings"
    service: ClassVar[str] = "iam"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_iam_account_password_policy",)

    root_mfa_enabled: bool | None = None
    root_access_keys_present: bool | None = None
    #: False: the account has no password policy (IAM's weak default applies); None: not collected
    password_policy_set: bool | None = None
    password_policy: PasswordPolicy | None = None
