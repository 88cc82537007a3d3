"""The root user has no access keys."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import IAMAccountSettings, Inventory
from coattail.review.model import Finding


@check(
    id="iam_root_no_access_keys",
    title="The account root user has no access keys",
    pillar="security",
    bp_id="SEC01-BP02",
    severity="critical",
    service="iam",
    verified_on="recorded responses",  # moto reports no root user
    resource_type="AWS::IAM::AccountSettings",
    rationale=(
        "A root access key is a long-lived credential with unrestricted power over the account; "
        "automation should use roles with temporary credentials instead."
    ),
    remediation=(
        "Move whatever uses the root key to an IAM role, then sign in as the root user and delete the "
        "key (Security credentials > Access keys). Verify with "
        "`aws iam get-account-summary --query SummaryMap.AccountAccessKeysPresent` (0)."
    ),
    remediation_terraform="# not manageable by Terraform: delete the root user's access keys in the console",
)
def iam_root_no_access_keys(inv: Inventory) -> Findings:
    def judge(account: IAMAccountSettings) -> Finding:
        if account.root_access_keys_present is None:
            return unknown(account, "root user access keys not evidenced (account summary not read)")
        return verdict(
            account,
            not account.root_access_keys_present,
            "root user has no access keys",
            "root user has an access key (AccountAccessKeysPresent 1)",
            root_access_keys_present=account.root_access_keys_present,
        )

    yield from each(inv, IAMAccountSettings, "IAM account settings", judge)
