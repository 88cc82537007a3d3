"""The IAM foundations' Terraform view: users and the password policy from a plan, then judged.

Terraform knows a password policy fully, but nothing of the root user nor of a user's console
password, MFA devices or keys: those checks answer UNKNOWN on the Terraform view, never PASS.
"""

from __future__ import annotations

import json
from pathlib import Path

from coattail.review.checks._registry import load_checks
from coattail.review.collectors.terraform import TerraformOptions, collect_terraform
from coattail.review.model import Status

CHECKS = {c.id: c for c in load_checks()}


def _resource(rtype: str, name: str, values: dict[str, object]) -> dict[str, object]:
    return {"address": f"{rtype}.{name}", "mode": "managed", "type": rtype, "name": name, "values": values}


def test_password_policy_and_users_from_a_plan(tmp_path: Path) -> None:
    identity = {"address": "data.aws_caller_identity.me", "mode": "data", "type": "aws_caller_identity",
                "name": "me", "values": {"account_id": "111122223333"}}  # fmt: skip
    policy = _resource(
        "aws_iam_account_password_policy",
        "strict",
        {
            "minimum_password_length": 8,
            "require_symbols": True,
            "require_numbers": True,
            "require_uppercase_characters": True,
            "require_lowercase_characters": True,
            "password_reuse_prevention": 24,
            "max_password_age": 0,
        },
    )
    user = _resource("aws_iam_user", "ci", {"name": "shop-ci", "path": "/", "tags": {"Project": "shop"}})
    plan = {
        "format_version": "1.2",
        "planned_values": {"root_module": {"resources": [policy, user]}},
        "prior_state": {"values": {"root_module": {"resources": [identity]}}},
    }
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    inv = collect_terraform(TerraformOptions(plan_json=path, run_checkov=False))

    (settings,) = inv.iam_account_settings
    assert settings.id == "arn:aws:iam::111122223333:account-settings"
    assert settings.password_policy is not None and settings.password_policy.max_password_age is None
    (weak,) = CHECKS["iam_password_policy_strong"].run(inv)
    assert weak.status == Status.FAIL and "minimum length 8 < 14" in weak.message
    assert CHECKS["iam_root_mfa_enabled"].run(inv)[0].status == Status.UNKNOWN

    (ci,) = inv.iam_users
    assert ci.id == "arn:aws:iam::111122223333:user/shop-ci" and ci.console_access is None
    for check_id in ("iam_user_console_mfa", "iam_user_access_keys_rotated", "iam_user_no_direct_policies"):
        assert [f.status for f in CHECKS[check_id].run(inv)] == [Status.UNKNOWN], check_id
