"""Secrets rotate automatically."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown_attributes, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory, Secret
from coattail.review.model import Finding


@check(
    id="secretsmanager_rotation_enabled",
    title="Secrets Manager secrets rotate automatically",
    pillar="security",
    bp_id="SEC02-BP05",
    severity="medium",
    service="secretsmanager",
    resource_type="AWS::SecretsManager::Secret",
    rationale="A secret that never rotates stays valid for as long as anyone who ever read it keeps a "
    "copy; scheduled rotation bounds how long a leaked credential is useful.",
    remediation="aws secretsmanager rotate-secret --secret-id <id> --rotation-lambda-arn <arn> "
    "--rotation-rules AutomaticallyAfterDays=30 (or turn on managed rotation)",
    remediation_terraform='resource "aws_secretsmanager_secret_rotation" "this" {\n'
    "  secret_id           = aws_secretsmanager_secret.this.id\n"
    "  rotation_lambda_arn = aws_lambda_function.rotate.arn\n"
    "  rotation_rules {\n    automatically_after_days = 30\n  }\n}",
)
def secretsmanager_rotation_enabled(inv: Inventory) -> Findings:
    def judge(s: Secret) -> Finding:
        every = f" every {s.rotation_days} d" if s.rotation_days else ""
        last = f", last rotated {s.last_rotated_at:%Y-%m-%d}" if s.last_rotated_at else ", not rotated yet"
        return unknown_attributes(s, "rotation_enabled") or verdict(
            s,
            bool(s.rotation_enabled),
            f"rotation enabled{every}{last}",
            "automatic rotation not enabled",
            rotation_enabled=s.rotation_enabled,
            rotation_days=s.rotation_days,
            last_rotated_at=s.last_rotated_at,
        )

    yield from each(inv, Secret, "Secrets Manager secrets", judge)
