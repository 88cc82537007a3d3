"""Logs do not accumulate forever."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown_attributes, verdict
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import Inventory, LogGroup
from coattail.review.model import Finding


@check(
    id="log_group_retention_bounded",
    title="Log groups have a bounded retention (not 'never expire')",
    pillar="cost_optimization",
    bp_id="COST04-BP05",
    severity="medium",
    service="logs",
    resource_type="AWS::Logs::LogGroup",
    rationale="Never-expiring log groups grow and bill every month for data nobody reads.",
    remediation="Set retention_in_days on every log group.",
    remediation_terraform="retention_in_days = 14",
    params={"max_days": 365},
)
def log_group_retention_bounded(inv: Inventory, p: Params) -> Findings:
    def judge(g: LogGroup) -> Finding:
        days = g.retention_days
        return unknown_attributes(g, "retention_days") or verdict(
            g,
            days is not None and days <= p.int("max_days"),
            f"retention {days} d (<= {p.int('max_days')} d)",
            "logs never expire" if days is None else f"retention {days} d > {p.int('max_days')} d",
            retention_days=days,
        )

    yield from each(inv, LogGroup, "log groups", judge)
