"""Misconfigurations of the clean account's detective services, secrets, certificates and logs."""

from __future__ import annotations

import json
from typing import Any

from tests.generic_account.seed_core import TAGS, tag_list
from tests.generic_account.seed_detective_foundations import RECORDER, SECRET, self_signed


def _disable_guardduty(aws: Any) -> None:
    gd = aws("guardduty")
    for detector in gd.list_detectors()["DetectorIds"]:
        gd.update_detector(DetectorId=detector, Enable=False)


def _delete_guardduty(aws: Any) -> None:
    gd = aws("guardduty")
    for detector in gd.list_detectors()["DetectorIds"]:
        gd.delete_detector(DetectorId=detector)


def _cert_near_expiry(aws: Any) -> None:
    cert, key = self_signed("legacy.shop.example.com", 10)
    aws("acm").import_certificate(Certificate=cert, PrivateKey=key, Tags=tag_list())


def _log_group_without_kms(aws: Any) -> None:
    # the emulator does not implement DisassociateKmsKey: a new group without a key is the same state
    logs = aws("logs")
    logs.create_log_group(logGroupName="/shop/prod/worker", tags=TAGS)
    logs.put_retention_policy(logGroupName="/shop/prod/worker", retentionInDays=30)


def _open_secret(aws: Any) -> None:
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}
        ],
    }
    aws("secretsmanager").put_resource_policy(SecretId=SECRET, ResourcePolicy=json.dumps(policy))


def _analyzer_missing(aws: Any) -> None:
    raise NotImplementedError("the emulator has no IAM Access Analyzer")


def misconfigurations(M: Any) -> list[Any]:
    return [
        M(
            "AWS Config recorder stopped",
            "config_recorder_enabled",
            "configuration-recorder",
            lambda aws: aws("config").stop_configuration_recorder(ConfigurationRecorderName=RECORDER),
        ),
        M(
            "AWS Config recorder deleted",
            "config_recorder_enabled",
            "configuration-recorder",
            lambda aws: aws("config").delete_configuration_recorder(ConfigurationRecorderName=RECORDER),
        ),
        M("GuardDuty detector disabled", "guardduty_enabled", "detector", _disable_guardduty),
        M("GuardDuty detector deleted", "guardduty_enabled", "detector", _delete_guardduty),
        M(
            "Security Hub disabled",
            "securityhub_enabled",
            "hub/default",
            lambda aws: aws("securityhub").disable_security_hub(),
        ),
        M(
            "Secret rotation cancelled",
            "secretsmanager_rotation_enabled",
            SECRET,
            lambda aws: aws("secretsmanager").cancel_rotate_secret(SecretId=SECRET),
        ),
        M("Secret readable by anyone", "resource_policy_not_public", SECRET, _open_secret),
        M(
            "Certificate expiring in 10 days",
            "acm_certificate_not_expiring",
            "legacy.shop.example.com",
            _cert_near_expiry,
        ),
        M(
            "Log group without a KMS key",
            "log_group_encrypted_kms",
            "/shop/prod/worker",
            _log_group_without_kms,
        ),
        M(
            "No IAM Access Analyzer",
            "access_analyzer_enabled",
            "access-analyzer",
            _analyzer_missing,
            verified="recorded responses",
        ),
    ]
