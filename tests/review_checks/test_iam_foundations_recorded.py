"""The root-user checks on recorded IAM responses (botocore's Stubber validates their shapes).

moto's account summary always answers AccountAccessKeysPresent 0 and its credential report has no
``<root_account>`` row, so neither root check can be broken on the emulator: here the account
settings spec reads botocore-shaped GetAccountSummary / GenerateCredentialReport /
GetCredentialReport / GetAccountPasswordPolicy answers, and the checks judge what it built.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import boto3
from botocore.stub import Stubber

from coattail.review.checks._registry import load_checks
from coattail.review.collectors.live.interpreter import Interpreter
from coattail.review.collectors.live.spec import Context
from coattail.review.collectors.live.specs.iam import IAM_ACCOUNT_SETTINGS
from coattail.review.inventory import IAMAccountSettings, Inventory
from coattail.review.model import SourceKind, SourceRun, Status

ACCOUNT = "123456789012"
CTX = Context(account=ACCOUNT, region="us-east-1")
CHECKS = {c.id: c for c in load_checks()}
HEADER = (
    "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
    "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
    "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
    "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,"
    "access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,"
    "cert_2_active,cert_2_last_rotated"
)
STRONG = {
    "MinimumPasswordLength": 14,
    "RequireSymbols": True,
    "RequireNumbers": True,
    "RequireUppercaseCharacters": True,
    "RequireLowercaseCharacters": True,
    "AllowUsersToChangePassword": True,
    "ExpirePasswords": False,
    "PasswordReusePrevention": 24,
}


def _report(mfa: str, key_active: str) -> bytes:
    root = (
        f"<root_account>,arn:aws:iam::{ACCOUNT}:root,2020-01-01T00:00:00+00:00,not_supported,"
        f"2026-11-01T10:00:00+00:00,not_supported,not_supported,{mfa},{key_active},"
        "2021-03-01T00:00:00+00:00,2026-11-20T00:00:00+00:00,us-east-1,s3,false,N/A,N/A,N/A,N/A,"
        "false,N/A,false,N/A"
    )
    user = (
        f"alice,arn:aws:iam::{ACCOUNT}:user/alice,2024-01-01T00:00:00+00:00,true,N/A,"
        "2024-01-01T00:00:00+00:00,N/A,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A"
    )
    return f"{HEADER}\n{root}\n{user}".encode()


def _summary(mfa: int, keys: int) -> dict[str, Any]:
    return {"SummaryMap": {"AccountMFAEnabled": mfa, "AccountAccessKeysPresent": keys, "Users": 1}}


def _collect(
    summary: dict[str, Any], policy: dict[str, Any] | None, report: bytes | None, state: str = "COMPLETE"
) -> IAMAccountSettings:
    client = boto3.client("iam", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="y")
    with Stubber(client) as stub:
        stub.add_response("get_account_summary", summary, {})
        if policy is None:
            stub.add_client_error("get_account_password_policy", "NoSuchEntity", http_status_code=404)
        else:
            stub.add_response("get_account_password_policy", {"PasswordPolicy": policy}, {})
        stub.add_response("generate_credential_report", {"State": state}, {})
        if report is None:
            stub.add_client_error("get_credential_report", "ReportInProgress", http_status_code=404)
        else:
            generated = datetime(2026, 11, 25, 11, tzinfo=UTC)
            answer = {"Content": report, "ReportFormat": "text/csv", "GeneratedTime": generated}
            stub.add_response("get_credential_report", answer, {})
        (settings,) = Interpreter(lambda service: client, CTX).run(IAM_ACCOUNT_SETTINGS)
        stub.assert_no_pending_responses()
    assert isinstance(settings, IAMAccountSettings)
    return settings


def _status(check_id: str, settings: IAMAccountSettings) -> Status:
    run = SourceRun(kind=SourceKind.LIVE, target="recorded", collected_at=datetime.now(UTC), ok=True)
    inventory = Inventory.from_resources([settings], sources=(run,))
    (finding,) = CHECKS[check_id].run(inventory)
    assert finding.resource_id == f"arn:aws:iam::{ACCOUNT}:account-settings"
    return finding.status


def test_root_without_mfa_and_with_an_access_key_fails_both_root_checks() -> None:
    settings = _collect(_summary(0, 1), STRONG, _report("false", "true"))
    assert settings.root_mfa_enabled is False and settings.root_access_keys_present is True
    assert _status("iam_root_mfa_enabled", settings) == Status.FAIL
    assert _status("iam_root_no_access_keys", settings) == Status.FAIL
    assert _status("iam_password_policy_strong", settings) == Status.PASS


def test_root_with_mfa_and_without_keys_passes_both_root_checks() -> None:
    settings = _collect(_summary(1, 0), STRONG, _report("true", "false"))
    assert settings.root_mfa_enabled is True and settings.root_access_keys_present is False
    assert _status("iam_root_mfa_enabled", settings) == Status.PASS
    assert _status("iam_root_no_access_keys", settings) == Status.PASS


def test_a_report_still_being_generated_leaves_root_mfa_unknown_and_no_policy_fails() -> None:
    settings = _collect(_summary(0, 0), None, None, state="STARTED")
    assert settings.root_mfa_enabled is None and settings.password_policy_set is False
    assert _status("iam_root_mfa_enabled", settings) == Status.UNKNOWN
    assert _status("iam_root_no_access_keys", settings) == Status.PASS
    assert _status("iam_password_policy_strong", settings) == Status.FAIL
