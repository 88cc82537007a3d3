"""The clean account's detective services, secrets, certificates and log encryption: AWS Config
recording everything, GuardDuty and Security Hub on, a rotating secret readable by the account only,
a valid (imported) certificate and KMS-encrypted log groups (the ones earlier seeds made included).

IAM Access Analyzer is not seeded: the emulator (moto 5.2.5) does not implement it, so the review
shows it as not assessed (clean_baseline.json) and its check is shown on recorded responses.
"""

from __future__ import annotations

import contextlib
import json
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from tests.generic_account.seed_core import ACCOUNT, TAGS, tag_list
from tests.generic_account.seed_monitoring import TRAIL_BUCKET

SECRET = "shop/prod/db-password"
DOMAIN = "shop.example.com"
LOG_GROUP = "/shop/prod/app"
RECORDER = "default"
ROTATION_LAMBDA = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:shop-secret-rotation"
CONFIG_ROLE = f"arn:aws:iam::{ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"


def self_signed(domain: str, days: int) -> tuple[bytes, bytes]:
    """A PEM certificate and key for ``domain`` valid from a month ago until ``days`` from now.

    Real time, not the review clock: ACM (and the emulator) judge the certificate against now, and
    the review clock defaults to the time of collection.
    """
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, domain)])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=30))
        .not_valid_after(now + timedelta(days=days))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(domain)]), critical=False)
        .sign(key, hashes.SHA256())
    )
    pem_key = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    return cert.public_bytes(serialization.Encoding.PEM), pem_key


def own_account_reader(arn: str = "*") -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                    "Action": "secretsmanager:GetSecretValue",
                    "Resource": arn,
                }
            ],
        }
    )


def _config(aws: Any) -> None:
    config = aws("config")
    config.put_configuration_recorder(
        ConfigurationRecorder={
            "name": RECORDER,
            "roleARN": CONFIG_ROLE,
            "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": True},
        }
    )
    config.put_delivery_channel(
        DeliveryChannel={"name": "default", "s3BucketName": TRAIL_BUCKET, "s3KeyPrefix": "config"}
    )
    config.start_configuration_recorder(ConfigurationRecorderName=RECORDER)


def _secret(aws: Any) -> None:
    sm = aws("secretsmanager")
    sm.create_secret(Name=SECRET, SecretString="s3cr3t", KmsKeyId="alias/shop-data", Tags=tag_list())
    # The emulator keeps no rotation Lambda it could run: it records the rotation settings (rotation
    # on, the function's ARN, the schedule) and then answers ResourceNotFoundException for the function.
    # The recorded state is what AWS holds for a secret whose rotation is configured; CancelRotateSecret
    # (a misconfiguration) needs the function's ARN to be set.
    with contextlib.suppress(sm.exceptions.ResourceNotFoundException):
        sm.rotate_secret(
            SecretId=SECRET,
            RotationLambdaARN=ROTATION_LAMBDA,
            RotationRules={"AutomaticallyAfterDays": 30},
            RotateImmediately=False,
        )
    sm.put_resource_policy(SecretId=SECRET, ResourcePolicy=own_account_reader())


def seed(aws: Any) -> None:
    _config(aws)
    aws("guardduty").create_detector(Enable=True, FindingPublishingFrequency="FIFTEEN_MINUTES", Tags=TAGS)
    aws("securityhub").enable_security_hub(EnableDefaultStandards=True, Tags=TAGS)
    _secret(aws)
    cert, key = self_signed(DOMAIN, 365)
    aws("acm").import_certificate(Certificate=cert, PrivateKey=key, Tags=tag_list())
    key_arn = aws("kms").describe_key(KeyId="alias/shop-data")["KeyMetadata"]["Arn"]
    logs = aws("logs")
    logs.create_log_group(logGroupName=LOG_GROUP, kmsKeyId=key_arn, tags=TAGS)
    logs.put_retention_policy(logGroupName=LOG_GROUP, retentionInDays=30)
