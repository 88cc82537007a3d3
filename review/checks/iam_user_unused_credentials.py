"""IAM users' console passwords and active access keys are in use."""

from __future__ import annotations

from datetime import datetime

from coattail.review.checks._common import Findings, each, passed, unknown, verdict
from coattail.review.checks._credentials import age_days, review_clock
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import IAMUser, Inventory
from coattail.review.model import Finding


@check(
    id="iam_user_unused_credentials",
    title="IAM users' console passwords and active access keys have been used recently",
    pillar="security",
    bp_id="SEC03-BP04",
    severity="medium",
    service="iam",
    resource_type="AWS::IAM::User",
    rationale=(
        "A password or key nobody uses is standing access nobody watches: removing it costs nothing "
        "and leaves an attacker one credential fewer."
    ),
    remediation=(
        "aws iam delete-login-profile --user-name <user> (unused password); "
        "aws iam update-access-key --user-name <user> --access-key-id <id> --status Inactive, "
        "then aws iam delete-access-key (unused key)"
    ),
    remediation_terraform="# remove the aws_iam_user_login_profile / aws_iam_access_key nobody uses",
    params={"max_unused_days": 90},
)
def iam_user_unused_credentials(inv: Inventory, p: Params) -> Findings:
    limit = p.int("max_unused_days")
    now = review_clock(inv)

    def judge(user: IAMUser) -> Finding:
        if user.console_access is None or user.access_keys is None:
            return unknown(user, "console password and access keys not evidenced")
        # credential -> (last used, else created): a never-used credential counts from its creation
        seen: dict[str, tuple[datetime | None, bool]] = {}
        if user.console_access:
            seen["console password"] = (
                user.password_last_used_at or user.password_created_at,
                user.password_last_used_at is not None,
            )
        for key in user.active_keys:
            used = key.last_used_at is not None
            seen[f"key {key.access_key_id}"] = (key.last_used_at or key.created_at, used)
        if not seen:
            return passed(user, "no console password and no active access keys", credentials=0)
        if now is None or any(when is None for when, _ in seen.values()):
            return unknown(user, "credential use or creation dates or the review time not known")
        ages = {name: age_days(now, when) for name, (when, _) in seen.items() if when is not None}
        words = {
            name: f"{name} {'last used' if used else 'never used, created'} {ages[name]} d ago"
            for name, (_, used) in seen.items()
        }
        stale = [words[n] for n, a in ages.items() if a > limit]
        return verdict(
            user,
            not stale,
            f"credentials used within {limit} d ({'; '.join(words.values())})",
            f"unused for more than {limit} d: {'; '.join(stale)}",
            days_since_use=ages,
        )

    yield from each(inv, IAMUser, "IAM users", judge)
