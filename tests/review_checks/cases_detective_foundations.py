"""Cases for the account-foundation checks: AWS Config, GuardDuty, Security Hub, IAM Access Analyzer,
Secrets Manager rotation, ACM certificate expiry and log group KMS encryption."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from coattail.review.inventory import (
    AccessAnalyzer,
    ACMCertificate,
    Analyzer,
    ConfigRecorder,
    GuardDutyDetector,
    LogGroup,
    Secret,
    SecurityHub,
)
from coattail.review.model import NotAssessed, SourceKind, SourceRun

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
LIVE_RUN = SourceRun(kind=SourceKind.LIVE, target="123456789012/us-east-1", collected_at=NOW, ok=True)


def _gap(service: str) -> NotAssessed:
    return NotAssessed(
        service=service,
        source=SourceKind.LIVE,
        reason=f"{service} failed: 500: HTTP 500 without an AWS error code",
        error_code="500",
        region="us-east-1",
        account="123456789012",
    )


def cases(b: Any) -> dict[str, list[Any]]:
    R, P, F, U = b.Row, b.PASS, b.FAIL, b.UNKNOWN
    return {
        "config_recorder_enabled": [
            R(
                b.inventory(
                    b.make(
                        ConfigRecorder, "default", recorder_name="default", recording=True, all_supported=True
                    ),
                    b.make(
                        ConfigRecorder,
                        "scoped",
                        recorder_name="scoped",
                        recording=True,
                        all_supported=False,
                        resource_types=("AWS::S3::Bucket", "AWS::IAM::Role"),
                    ),
                ),
                {P: {"default", "scoped"}},
            ),
            R(
                b.inventory(
                    b.make(
                        ConfigRecorder,
                        "stopped",
                        recorder_name="stopped",
                        recording=False,
                        all_supported=True,
                    ),
                    b.make(ConfigRecorder, "configuration-recorder"),  # no recorder in the region
                    b.make(
                        ConfigRecorder, "empty", recorder_name="empty", recording=True, all_supported=False
                    ),
                ),
                {F: {"stopped", "configuration-recorder", "empty"}},
            ),
            # the status call answered nothing for the recorder: not evidenced
            R(
                b.inventory(b.make(ConfigRecorder, "default", recorder_name="default", all_supported=True)),
                {U: {"default"}},
            ),
            # the service could not be read: UNKNOWN, never a vacuous PASS
            R(b.inventory(not_assessed=(_gap("config"),)), {U: {"config:AWS Config recorder settings"}}),
        ],
        "guardduty_enabled": [
            R(
                b.inventory(b.make(GuardDutyDetector, "d1", detector_id="d1", status="ENABLED")),
                {P: {"d1"}},
            ),
            R(
                b.inventory(
                    b.make(GuardDutyDetector, "d2", detector_id="d2", status="DISABLED"),
                    b.make(GuardDutyDetector, "detector"),  # no detector in the region
                ),
                {F: {"d2", "detector"}},
            ),
        ],
        "securityhub_enabled": [
            R(b.inventory(b.make(SecurityHub, "default", enabled=True, subscribed_at=NOW)), {P: {"default"}}),
            R(b.inventory(b.make(SecurityHub, "default", enabled=False)), {F: {"default"}}),
        ],
        "access_analyzer_enabled": [
            R(
                b.inventory(
                    b.make(
                        AccessAnalyzer,
                        "analyzer",
                        analyzers=(Analyzer(name="account", type="ACCOUNT", status="ACTIVE"),),
                    )
                ),
                {P: {"analyzer"}},
            ),
            R(
                b.inventory(
                    b.make(AccessAnalyzer, "none"),
                    # unused-access analyzers ignore external access; a failed analyzer looks at nothing
                    b.make(
                        AccessAnalyzer,
                        "unused-only",
                        analyzers=(
                            Analyzer(name="unused", type="ACCOUNT_UNUSED_ACCESS", status="ACTIVE"),
                            Analyzer(name="account", type="ACCOUNT", status="FAILED"),
                        ),
                    ),
                ),
                {F: {"none", "unused-only"}},
            ),
            R(
                b.inventory(not_assessed=(_gap("accessanalyzer"),)),
                {U: {"accessanalyzer:IAM Access Analyzer settings"}},
            ),
        ],
        "secretsmanager_rotation_enabled": [
            R(
                b.inventory(
                    b.make(Secret, "db", rotation_enabled=True, rotation_days=30, last_rotated_at=NOW),
                    b.make(Secret, "api", rotation_enabled=True),
                ),
                {P: {"db", "api"}},
            ),
            R(
                b.inventory(
                    b.make(Secret, "legacy", rotation_enabled=False, rotation_days=30),
                    b.make(
                        Secret,
                        "planned",
                        source=SourceKind.TERRAFORM,
                        id="aws_secretsmanager_secret.planned",
                        unknown_attributes=("rotation_enabled",),
                    ),
                ),
                {F: {"legacy"}, U: {"aws_secretsmanager_secret.planned"}},
            ),
        ],
        "acm_certificate_not_expiring": [
            R(
                b.inventory(
                    b.make(ACMCertificate, "valid", status="ISSUED", not_after=NOW + timedelta(days=200)),
                    # never issued: nothing to expire, not judged
                    b.make(ACMCertificate, "pending", status="PENDING_VALIDATION"),
                    sources=(LIVE_RUN,),
                ),
                {P: {"valid"}},
            ),
            R(
                b.inventory(
                    b.make(ACMCertificate, "valid", status="ISSUED", not_after=NOW + timedelta(days=200)),
                    b.make(ACMCertificate, "soon", status="ISSUED", not_after=NOW + timedelta(days=10)),
                    b.make(ACMCertificate, "expired", status="EXPIRED", not_after=NOW - timedelta(days=1)),
                    sources=(LIVE_RUN,),
                ),
                {P: {"valid"}, F: {"soon", "expired"}},
            ),
            # the window is a parameter: judged against the review clock (collection time), not today
            R(
                b.inventory(
                    b.make(ACMCertificate, "soon", status="ISSUED", not_after=NOW + timedelta(days=10)),
                    sources=(LIVE_RUN,),
                ),
                {P: {"soon"}},
                {"days": 7},
            ),
            # no collection time: the clock is unknown, so is the verdict
            R(
                b.inventory(b.make(ACMCertificate, "soon", status="ISSUED", not_after=NOW)),
                {U: {"soon"}},
            ),
        ],
        "log_group_encrypted_kms": [
            R(
                b.inventory(b.make(LogGroup, "app", kms_key_id="arn:aws:kms:us-east-1:123456789012:key/k")),
                {P: {"app"}},
            ),
            R(
                b.inventory(
                    b.make(LogGroup, "app", kms_key_id="arn:aws:kms:us-east-1:123456789012:key/k"),
                    b.make(LogGroup, "worker"),
                ),
                {P: {"app"}, F: {"worker"}},
            ),
        ],
    }
