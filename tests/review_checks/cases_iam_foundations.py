"""Cases for the IAM account-foundation checks: root user, IAM users, the password policy."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from coattail.review.inventory import IAMAccessKey, IAMAccountSettings, IAMUser, PasswordPolicy
from coattail.review.model import SourceKind, SourceRun

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)
LISTED = (IAMUser.resource_type,)  # the live view enumerated the account's users
STRONG = PasswordPolicy(
    minimum_password_length=14,
    require_symbols=True,
    require_numbers=True,
    require_uppercase_characters=True,
    require_lowercase_characters=True,
    allow_users_to_change_password=True,
    password_reuse_prevention=24,
)


def key(key_id: str, created_days: int, used_days: int | None = None, status: str = "Active") -> IAMAccessKey:
    return IAMAccessKey(
        access_key_id=key_id,
        status=status,
        created_at=NOW - timedelta(days=created_days),
        last_used_at=None if used_days is None else NOW - timedelta(days=used_days),
    )


def cases(b: Any) -> dict[str, list[Any]]:
    R, P, F, U, NA = b.Row, b.PASS, b.FAIL, b.UNKNOWN, b.NA
    short, no_symbols = (
        STRONG.model_copy(update={"minimum_password_length": 8}),
        STRONG.model_copy(update={"require_symbols": False, "password_reuse_prevention": None}),
    )
    run = SourceRun(kind=SourceKind.LIVE, target="local", collected_at=NOW, ok=True)

    def account(name: str = "acct", **attrs: Any) -> IAMAccountSettings:
        return b.make(IAMAccountSettings, name, **attrs)

    def user(name: str, **attrs: Any) -> IAMUser:
        known: dict[str, Any] = {
            "console_access": False,
            "mfa_devices": (),
            "access_keys": (),
            "groups": ("developers",),
            "inline_policy_names": (),
            "attached_policy_arns": (),
        }
        return b.make(IAMUser, name, **{**known, **attrs})

    tf_user = b.make(IAMUser, "planned", source=SourceKind.TERRAFORM)  # Terraform knows no credentials
    human = user(
        "alice",
        console_access=True,
        password_created_at=NOW - timedelta(days=300),
        password_last_used_at=NOW - timedelta(days=2),
        mfa_devices=("arn:aws:iam::123456789012:mfa/alice",),
    )
    no_mfa = user("bob", console_access=True, password_created_at=NOW - timedelta(days=5))
    service = user("ci", access_keys=(key("AKIAFRESH", 30, 1), key("AKIAOLDOFF", 400, status="Inactive")))
    old_key = user("legacy", access_keys=(key("AKIAOLD", 200, 1),))
    idle_key = user("idle", access_keys=(key("AKIAIDLE", 120, 100),))
    never_used = user("spare", access_keys=(key("AKIANEVER", 95),))
    new_unused = user("newbie", access_keys=(key("AKIANEW", 3),))
    stale_password = user(
        "gone",
        console_access=True,
        password_created_at=NOW - timedelta(days=200),
        mfa_devices=("arn:aws:iam::123456789012:mfa/gone",),
    )
    return {
        "iam_root_mfa_enabled": [
            R(b.inventory(account(root_mfa_enabled=True)), {P: {"acct"}}),
            R(b.inventory(account(root_mfa_enabled=False)), {F: {"acct"}}),
            # the Terraform view (a password policy) cannot evidence the root user
            R(b.inventory(account(password_policy_set=True, password_policy=STRONG)), {U: {"acct"}}),
        ],
        "iam_root_no_access_keys": [
            R(b.inventory(account(root_access_keys_present=False)), {P: {"acct"}}),
            R(b.inventory(account(root_access_keys_present=True)), {F: {"acct"}}),
            R(b.inventory(account()), {U: {"acct"}}),
        ],
        "iam_user_console_mfa": [
            R(b.inventory(human, service), {P: {"alice", "ci"}}),
            R(b.inventory(human, no_mfa, tf_user), {P: {"alice"}, F: {"bob"}, U: {"planned"}}),
        ],
        "iam_user_access_keys_rotated": [
            R(b.inventory(human, service, new_unused, sources=(run,)), {P: {"alice", "ci", "newbie"}}),
            R(
                b.inventory(service, old_key, tf_user, sources=(run,)),
                {P: {"ci"}, F: {"legacy"}, U: {"planned"}},
            ),
            R(b.inventory(old_key, sources=(run,)), {P: {"legacy"}}, {"max_age_days": 365}),
            R(b.inventory(old_key), {U: {"legacy"}}),  # no review time known
        ],
        "iam_user_unused_credentials": [
            R(
                b.inventory(human, service, new_unused, old_key, user("nothing"), sources=(run,)),
                {P: {"alice", "ci", "newbie", "legacy", "nothing"}},
            ),
            R(
                b.inventory(human, idle_key, never_used, stale_password, tf_user, sources=(run,)),
                {P: {"alice"}, F: {"idle", "spare", "gone"}, U: {"planned"}},
            ),
        ],
        "iam_user_no_direct_policies": [
            R(b.inventory(human, service), {P: {"alice", "ci"}}),
            R(
                b.inventory(
                    human,
                    user("direct", attached_policy_arns=("arn:aws:iam::aws:policy/AdministratorAccess",)),
                    user("inline", inline_policy_names=("s3-access",)),
                    tf_user,
                ),
                {P: {"alice"}, F: {"direct", "inline"}, U: {"planned"}},
            ),
        ],
        "iam_password_policy_strong": [
            R(b.inventory(account(password_policy_set=True, password_policy=STRONG)), {P: {"acct"}}),
            R(b.inventory(account(password_policy_set=False)), {F: {"acct"}}),
            R(
                b.inventory(
                    account(
                        password_policy_set=True,
                        password_policy=short,
                    )
                ),
                {F: {"acct"}},
            ),
            R(
                b.inventory(
                    account(
                        password_policy_set=True,
                        password_policy=no_symbols,
                    )
                ),
                {F: {"acct"}},
            ),
            R(
                b.inventory(
                    account(
                        password_policy_set=True,
                        password_policy=short,
                    )
                ),
                {P: {"acct"}},
                {"minimum_length": 8},
            ),
            R(b.inventory(account(root_mfa_enabled=True)), {U: {"acct"}}),
            # the users were listed: with no console password anywhere the policy governs nothing
            R(
                b.inventory(account(password_policy_set=False), service, live_resource_types=LISTED),
                {NA: {"acct"}},
            ),
            R(
                b.inventory(account(password_policy_set=False), service, no_mfa, live_resource_types=LISTED),
                {F: {"acct"}},
            ),
        ],
    }
