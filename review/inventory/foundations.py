"""Account foundations: the detective services of a region, secrets and certificates.

AWS Config, GuardDuty, Security Hub and IAM Access Analyzer are settings of an account in a
region, not resources one lists: each is one resource per account and region, present even when
the service is off (then ``configured``/``enabled`` says so), so a check can judge it.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from coattail.review.inventory.base import Frozen, Resource
from coattail.review.inventory.policy import PolicyDocument


class ConfigRecorder(Resource):
    """AWS Config recording in one region (the customer-managed recorder, if any)."""

    resource_type: ClassVar[str] = "AWS::Config::ConfigurationRecorder"
    service: ClassVar[str] = "config"
    tf_types: ClassVar[tuple[str, ...]] = (
        "aws_config_configuration_recorder",
        "aws_config_configuration_recorder_status",
    )

    recorder_name: str | None = None  # None: no recorder in the region
    recording: bool | None = None
    last_status: str | None = None  # PENDING | SUCCESS | FAILURE
    all_supported: bool | None = None
    include_global_resource_types: bool | None = None
    resource_types: tuple[str, ...] = ()  # the explicit scope when not all supported types


class GuardDutyDetector(Resource):
    """The GuardDuty detector of one region (at most one per account and region)."""

    resource_type: ClassVar[str] = "AWS::GuardDuty::Detector"
    service: ClassVar[str] = "guardduty"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_guardduty_detector",)

    detector_id: str | None = None  # None: no detector in the region
    status: str | None = None  # ENABLED | DISABLED
    finding_publishing_frequency: str | None = None


class SecurityHub(Resource):
    """AWS Security Hub in one region (subscribed or not)."""

    resource_type: ClassVar[str] = "AWS::SecurityHub::Hub"
    service: ClassVar[str] = "securityhub"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_securityhub_account",)

    enabled: bool | None = None
    subscribed_at: datetime | None = None
    auto_enable_controls: bool | None = None


class Analyzer(Frozen):
    name: str
    type: str  # ACCOUNT | ORGANIZATION | ACCOUNT_UNUSED_ACCESS | ... | *_INTERNAL_ACCESS
    status: str | None = None  # ACTIVE | CREATING | DISABLED | FAILED

    @property
    def external_access(self) -> bool:
        """Finds resources shared outside the zone of trust (account or organization analyzers)."""
        return self.type in ("ACCOUNT", "ORGANIZATION")


class AccessAnalyzer(Resource):
    """IAM Access Analyzer in one region: the analyzers there (none when not set up)."""

    resource_type: ClassVar[str] = "AWS::AccessAnalyzer::Analyzer"
    service: ClassVar[str] = "accessanalyzer"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_accessanalyzer_analyzer",)

    analyzers: tuple[Analyzer, ...] = ()

    @property
    def active_external_access(self) -> tuple[Analyzer, ...]:
        return tuple(a for a in self.analyzers if a.external_access and a.status == "ACTIVE")


class Secret(Resource):
    resource_type: ClassVar[str] = "AWS::SecretsManager::Secret"
    service: ClassVar[str] = "secretsmanager"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_secretsmanager_secret",)

    kms_key_id: str | None = None
    rotation_enabled: bool | None = None
    rotation_lambda_arn: str | None = None
    rotation_days: int | None = None
    last_rotated_at: datetime | None = None
    created_at: datetime | None = None
    #: LastAccessedDate (a day, not a time); None: never read (or not collected)
    last_accessed_at: datetime | None = None
    policy: PolicyDocument | None = None


class ACMCertificate(Resource):
    resource_type: ClassVar[str] = "AWS::CertificateManager::Certificate"
    service: ClassVar[str] = "acm"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_acm_certificate",)

    domain_name: str | None = None
    certificate_type: str | None = None  # AMAZON_ISSUED | IMPORTED | PRIVATE
    status: str | None = None  # ISSUED | EXPIRED | PENDING_VALIDATION | INACTIVE | REVOKED | ...
    not_after: datetime | None = None
    in_use_by: tuple[str, ...] = ()
    renewal_eligibility: str | None = None
