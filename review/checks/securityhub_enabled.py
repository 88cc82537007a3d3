"""Security Hub gathers the findings of every region reviewed in one place."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown_attributes, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory, SecurityHub
from coattail.review.model import Finding


@check(
    id="securityhub_enabled",
    title="AWS Security Hub is enabled",
    pillar="security",
    bp_id="SEC04-BP02",
    severity="medium",
    service="securityhub",
    resource_type="AWS::SecurityHub::Hub",
    rationale="Security Hub collects GuardDuty, Config, Inspector and Access Analyzer findings in one "
    "standard format (ASFF) and runs the security standards' controls; without it findings stay "
    "scattered across consoles.",
    remediation="aws securityhub enable-security-hub --enable-default-standards",
    remediation_terraform='resource "aws_securityhub_account" "this" {}',
)
def securityhub_enabled(inv: Inventory) -> Findings:
    def judge(h: SecurityHub) -> Finding:
        return unknown_attributes(h, "enabled") or verdict(
            h,
            bool(h.enabled),
            f"enabled (subscribed {h.subscribed_at:%Y-%m-%d})" if h.subscribed_at else "enabled",
            f"not enabled in {h.region}",
            enabled=h.enabled,
        )

    yield from each(inv, SecurityHub, "Security Hub settings", judge)
