"""The account password policy asks for long, varied, not reused passwords.

The policy governs IAM users' console passwords only: where a live view enumerated the account's
users and none has a console password, a missing or weak policy protects no sign-in and the
finding is NOT_APPLICABLE (it says what would be weak); otherwise it is judged.
"""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, failed, finding, unknown, verdict
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import IAMAccountSettings, IAMUser, Inventory
from coattail.review.model import Finding, SourceKind, Status

#: parameter value -> PasswordPolicy field
CHARACTER_CLASSES = {
    "symbols": "require_symbols",
    "numbers": "require_numbers",
    "uppercase": "require_uppercase_characters",
    "lowercase": "require_lowercase_characters",
}


@check(
    id="iam_password_policy_strong",
    title="The account password policy requires long, complex, non-reused passwords",
    pillar="security",
    bp_id="SEC02-BP01",
    severity="medium",
    service="iam",
    resource_type="AWS::IAM::AccountSettings",
    rationale=(
        "Without a password policy IAM accepts 8-character passwords of any kind; a minimum length, "
        "character classes and reuse prevention make IAM users' console passwords hard to guess."
    ),
    remediation=(
        "aws iam update-account-password-policy --minimum-password-length 14 --require-symbols "
        "--require-numbers --require-uppercase-characters --require-lowercase-characters "
        "--password-reuse-prevention 24 --allow-users-to-change-password"
    ),
    remediation_terraform=(
        'resource "aws_iam_account_password_policy" "this" { minimum_password_length = 14, '
        "require_symbols = true, require_numbers = true, require_uppercase_characters = true, "
        "require_lowercase_characters = true, password_reuse_prevention = 24 }"
    ),
    params={
        "minimum_length": 14,
        "reuse_prevention": 24,
        "required_character_classes": ["symbols", "numbers", "uppercase", "lowercase"],
    },
)
def iam_password_policy_strong(inv: Inventory, p: Params) -> Findings:
    min_length, min_reuse = p.int("minimum_length"), p.int("reuse_prevention")
    classes = p.strs("required_character_classes")
    unknown_classes = sorted(set(classes) - set(CHARACTER_CLASSES))
    if unknown_classes:
        raise ValueError(f"iam_password_policy_strong: unknown character classes {unknown_classes}")

    def judge(account: IAMAccountSettings) -> Finding:
        if account.password_policy_set is None:
            return unknown(account, "password policy not evidenced")
        result = strength(account)
        if result.status == Status.FAIL and console_users(inv, account) == 0:
            # the policy governs IAM users' console passwords only: with none, it protects no sign-in
            return finding(
                account,
                Status.NOT_APPLICABLE,
                f"no IAM user has a console password, so the password policy governs no sign-in "
                f"({result.message.split(': ', 1)[-1]}; set a strong one before creating any)",
                console_users=0,
            )
        return result

    def strength(account: IAMAccountSettings) -> Finding:
        policy = account.password_policy
        if not account.password_policy_set or policy is None:
            return failed(
                account,
                "no account password policy (IAM accepts 8-character passwords of any kind)",
                password_policy_set=False,
            )
        weak = []
        length = policy.minimum_password_length
        if length is None or length < min_length:
            weak.append(f"minimum length {length or 'not set'} < {min_length}")
        reuse = policy.password_reuse_prevention
        if reuse is None or reuse < min_reuse:
            weak.append(f"reuse prevention {reuse or 'off'} < {min_reuse}")
        missing = [c for c in classes if getattr(policy, CHARACTER_CLASSES[c]) is not True]
        if missing:
            weak.append(f"does not require {', '.join(missing)}")
        return verdict(
            account,
            not weak,
            f"password policy: length >= {length}, reuse prevention {reuse}, requires {', '.join(classes)}",
            f"weak password policy: {'; '.join(weak)}",
            minimum_password_length=length,
            password_reuse_prevention=reuse,
            weaknesses=weak,
        )

    yield from each(inv, IAMAccountSettings, "IAM account settings", judge)


def console_users(inv: Inventory, account: IAMAccountSettings) -> int | None:
    """How many IAM users of the account can sign in with a password (None: not known).

    Known only from a live view that enumerated the account's users completely.
    """
    listed = IAMUser.resource_type in inv.live_resource_types and inv.assessed("iam", SourceKind.LIVE)
    if account.source != SourceKind.LIVE or not listed:
        return None
    users = [u for u in inv.iam_users if u.source == SourceKind.LIVE and u.account == account.account]
    if any(u.console_access is None for u in users):
        return None
    return sum(1 for u in users if u.console_access)
