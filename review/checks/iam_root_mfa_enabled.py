"""The root user signs in with MFA."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import IAMAccountSettings, Inventory
from coattail.review.model import Finding


@check(
    id="iam_root_mfa_enabled",
    title="The account root user has MFA enabled",
    pillar="security",
    bp_id="SEC01-BP02",
    severity="critical",
    service="iam",
    verified_on="recorded responses",  # moto reports no root user
    resource_type="AWS::IAM::AccountSettings",
    rationale=(
        "The root user can do anything in the account and cannot be restricted by IAM policies; "
        "a password alone is one phishing e-mail away from losing the account."
    ),
    remediation=(
        "Sign in as the root user and assign an MFA device (IAM console > Security credentials > "
        "Assign MFA device); no API can do it for the root user. Verify with "
        "`aws iam get-account-summary --query SummaryMap.AccountMFAEnabled` (1) or the "
        "<root_account> row of `aws iam get-credential-report` (mfa_active true)."
    ),
    remediation_terraform="# not manageable by Terraform: assign the root user's MFA device in the console",
)
def iam_root_mfa_enabled(inv: Inventory) -> Findings:
    def judge(account: IAMAccountSettings) -> Finding:
        if account.root_mfa_enabled is None:
            return unknown(account, "root user MFA not evidenced (no root row in a ready credential report)")
        return verdict(
            account,
            account.root_mfa_enabled,
            "root user has an MFA device",
            "root user has no MFA device (credential report: mfa_active false)",
            root_mfa_enabled=account.root_mfa_enabled,
        )

    yield from each(inv, IAMAccountSettings, "IAM account settings", judge)
