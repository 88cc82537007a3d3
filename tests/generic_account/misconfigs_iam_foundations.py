"""Misconfigurations of the clean account's IAM foundations: users, the password policy, the root user."""

from __future__ import annotations

import json
import secrets
from datetime import timedelta
from typing import Any

import boto3

from tests.generic_account.seed_core import tag_list
from tests.generic_account.seed_iam_foundations import GROUP, HUMAN, STRONG_PASSWORD_POLICY

CI_USER = "shop-ci"
CONTRACTOR = "shop-contractor"
LATER = timedelta(days=100)


def _deactivate_mfa(aws: Any) -> None:
    iam = aws("iam")
    for device in iam.list_mfa_devices(UserName=HUMAN)["MFADevices"]:
        iam.deactivate_mfa_device(UserName=HUMAN, SerialNumber=device["SerialNumber"])


def _contractor_without_mfa(aws: Any) -> None:
    """A new console user in the right group, tagged, but never enrolled an MFA device."""
    iam = aws("iam")
    iam.create_user(UserName=CONTRACTOR, Tags=tag_list())
    iam.add_user_to_group(GroupName=GROUP, UserName=CONTRACTOR)
    iam.create_login_profile(UserName=CONTRACTOR, Password=f"{secrets.token_urlsafe(18)}-Aa9")


def _inline_policy(aws: Any) -> None:
    document = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::shop-invoices/*"}
        ],
    }
    aws("iam").put_user_policy(
        UserName=HUMAN, PolicyName="invoices-read", PolicyDocument=json.dumps(document)
    )


def ci_user_with_a_used_key(aws: Any) -> None:
    """A CI user in the group, with an access key it uses (so only the key's age is wrong, later)."""
    iam = aws("iam")
    iam.create_user(UserName=CI_USER, Tags=tag_list())
    iam.add_user_to_group(GroupName=GROUP, UserName=CI_USER)
    key = iam.create_access_key(UserName=CI_USER)["AccessKey"]
    sts = boto3.session.Session(region_name="us-east-1").client(
        "sts",
        endpoint_url=iam.meta.endpoint_url,
        aws_access_key_id=key["AccessKeyId"],
        aws_secret_access_key=key["SecretAccessKey"],
    )
    sts.get_caller_identity()  # moto records the key's last use
    used = iam.get_access_key_last_used(AccessKeyId=key["AccessKeyId"])["AccessKeyLastUsed"]
    assert used.get("LastUsedDate"), used


def misconfigurations(M: Any) -> list[Any]:
    return [
        M(
            "IAM console user's MFA device deactivated",
            "iam_user_console_mfa",
            f"user/{HUMAN}",
            _deactivate_mfa,
        ),
        M(
            "IAM user given a directly attached managed policy",
            "iam_user_no_direct_policies",
            f"user/{HUMAN}",
            lambda aws: aws("iam").attach_user_policy(
                UserName=HUMAN, PolicyArn="arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
            ),
        ),
        M(
            "IAM console user created without MFA",
            "iam_user_console_mfa",
            f"user/{CONTRACTOR}",
            _contractor_without_mfa,
        ),
        M("IAM user given an inline policy", "iam_user_no_direct_policies", f"user/{HUMAN}", _inline_policy),
        M(
            "Account password policy weakened to 8 characters",
            "iam_password_policy_strong",
            "account-settings",
            lambda aws: aws("iam").update_account_password_policy(
                **{**STRONG_PASSWORD_POLICY, "MinimumPasswordLength": 8}
            ),
        ),
        M(
            "Account password policy without reuse prevention or symbols",
            "iam_password_policy_strong",
            "account-settings",
            lambda aws: aws("iam").update_account_password_policy(
                **{
                    k: v
                    for k, v in STRONG_PASSWORD_POLICY.items()
                    if k not in ("PasswordReusePrevention", "RequireSymbols")
                }
            ),
        ),
        M(
            "Account password policy deleted",
            "iam_password_policy_strong",
            "account-settings",
            lambda aws: aws("iam").delete_account_password_policy(),
        ),
        M(
            "CI user's access key not rotated for 100 days",
            "iam_user_access_keys_rotated",
            f"user/{CI_USER}",
            ci_user_with_a_used_key,
            later=LATER,
        ),
        M(
            "Console password not used for 100 days",
            "iam_user_unused_credentials",
            f"user/{HUMAN}",
            lambda aws: None,
            later=LATER,
        ),
        # moto's credential report has no <root_account> row and its account summary always answers
        # AccountAccessKeysPresent 0: the root user checks are shown on recorded IAM responses instead
        # (tests/review_checks/test_iam_foundations_recorded.py)
        M(
            "Root user without MFA",
            "iam_root_mfa_enabled",
            "account-settings",
            lambda aws: None,
            verified="recorded responses",
        ),
        M(
            "Root user access key created",
            "iam_root_no_access_keys",
            "account-settings",
            lambda aws: None,
            verified="recorded responses",
        ),
    ]
