"""Secrets that nobody reads are deleted."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown, verdict
from coattail.review.checks._credentials import age_days, review_clock
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import Inventory, Secret
from coattail.review.model import Finding, SourceKind


@check(
    id="secretsmanager_secret_unused",
    title="Secrets Manager secrets have been read within the limit",
    pillar="cost_optimization",
    bp_id="COST04-BP03",
    severity="low",
    service="secretsmanager",
    resource_type="AWS::SecretsManager::Secret",
    rationale="Every secret bills monthly whether or not anything reads it, and a credential nobody "
    "has fetched for months is usually left over from a decommissioned component (and still valid "
    "wherever it was copied). Judged on the review clock (when the account was read), never the wall "
    "clock; a secret never read counts from its creation.",
    remediation="aws secretsmanager delete-secret --secret-id <id> --recovery-window-in-days 30 "
    "(after confirming nothing reads it; revoke the credential it holds too)",
    remediation_terraform="# remove the aws_secretsmanager_secret (recovery_window_in_days = 30)",
    params={"max_unused_days": 90},
)
def secretsmanager_secret_unused(inv: Inventory, p: Params) -> Findings:
    limit = p.int("max_unused_days")
    now = review_clock(inv)

    def judge(s: Secret) -> Finding:
        if s.source == SourceKind.TERRAFORM:
            return unknown(s, "when it was last read is known to the live account only")
        if now is None:
            return unknown(s, "the review time is not known")
        if s.last_accessed_at is not None:
            days = age_days(now, s.last_accessed_at)
            return verdict(
                s,
                days <= limit,
                f"last read {days} d ago (limit {limit} d)",
                f"not read for {days} d (limit {limit} d)",
                unused_days=days,
                last_accessed_at=s.last_accessed_at,
            )
        if s.created_at is None:
            return unknown(s, "never read, and its creation date is not known")
        days = age_days(now, s.created_at)
        return verdict(
            s,
            days <= limit,
            f"not read yet, created {days} d ago (limit {limit} d)",
            f"never read in the {days} d since it was created (limit {limit} d)",
            unused_days=days,
            created_at=s.created_at,
        )

    yield from each(inv, Secret, "Secrets Manager secrets", judge)
