"""What the IAM user and account-settings specs read from the emulator's clean account."""

from __future__ import annotations

import pytest

from coattail.review.collectors.live import LiveOptions, collect_live
from coattail.review.collectors.live.specs.iam import IAM_ACCOUNT_SETTINGS, IAM_USERS
from tests.generic_account.harness import GenericAccount
from tests.generic_account.misconfigs_iam_foundations import CI_USER, ci_user_with_a_used_key
from tests.generic_account.seed_iam_foundations import GROUP, HUMAN

pytestmark = [pytest.mark.emulator]


def test_users_credentials_and_the_password_policy_are_read(clean_account: GenericAccount) -> None:
    ci_user_with_a_used_key(clean_account.aws)
    options = LiveOptions(endpoint_url=clean_account.endpoint_url, specs=(IAM_USERS, IAM_ACCOUNT_SETTINGS))
    inv = collect_live(options).inventory
    assert inv.not_assessed == ()
    users = {u.name: u for u in inv.iam_users}
    human, ci = users[HUMAN], users[CI_USER]
    assert human.console_access and human.mfa_devices and human.password_created_at is not None
    assert human.groups == (GROUP,) and human.attached_policy_arns == () and human.inline_policy_names == ()
    assert human.access_keys == () and human.tags.get("Project") == "shop"
    assert not ci.console_access and ci.mfa_devices == ()
    (key,) = ci.access_keys or ()
    assert key.active and key.created_at is not None and key.last_used_at is not None

    (settings,) = inv.iam_account_settings
    policy = settings.password_policy
    assert settings.password_policy_set and policy is not None
    assert (policy.minimum_password_length, policy.password_reuse_prevention) == (14, 24)
    # moto: no root row in the credential report (root MFA not evidenced), no root access keys
    assert settings.root_mfa_enabled is None and settings.root_access_keys_present is False
