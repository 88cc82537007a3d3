"""The clean account's IAM foundations: a strong password policy and one human IAM user.

The user signs in to the console with a password and a virtual MFA device (moto accepts any
codes), gets its permissions from a group holding an AWS-managed policy (none of its own) and has
no access keys: machines use roles. The root user cannot be configured through the API: moto's
account summary always reports no root MFA (the one finding of this group in the baseline) and no
root access keys.
"""

from __future__ import annotations

import secrets
from typing import Any

from tests.generic_account.seed_core import tag_list

HUMAN = "shop-alice"
GROUP = "shop-developers"
GROUP_POLICY = "arn:aws:iam::aws:policy/ReadOnlyAccess"
STRONG_PASSWORD_POLICY: dict[str, Any] = {
    "MinimumPasswordLength": 14,
    "RequireSymbols": True,
    "RequireNumbers": True,
    "RequireUppercaseCharacters": True,
    "RequireLowercaseCharacters": True,
    "AllowUsersToChangePassword": True,
    "PasswordReusePrevention": 24,
}


def seed(aws: Any) -> None:
    iam = aws("iam")
    iam.update_account_password_policy(**STRONG_PASSWORD_POLICY)
    iam.create_group(GroupName=GROUP)
    iam.attach_group_policy(GroupName=GROUP, PolicyArn=GROUP_POLICY)
    iam.create_user(UserName=HUMAN, Tags=tag_list())
    iam.add_user_to_group(GroupName=GROUP, UserName=HUMAN)
    # a throwaway password (never a literal in the repository), reset at first sign-in
    initial = f"{secrets.token_urlsafe(18)}-Aa9"
    iam.create_login_profile(UserName=HUMAN, Password=initial, PasswordResetRequired=True)
    device = iam.create_virtual_mfa_device(VirtualMFADeviceName=HUMAN, Tags=tag_list())["VirtualMFADevice"]
    iam.enable_mfa_device(
        UserName=HUMAN,
        SerialNumber=device["SerialNumber"],
        AuthenticationCode1="123456",
        AuthenticationCode2="654321",
    )
