"""Logs are kept long enough to investigate."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown_attributes, verdict
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import Inventory, LogGroup
from coattail.review.model import Finding


@check(
    id="log_group_retention_set",
    title="Log groups keep logs at least the minimum investigation window",
    pillar="operational_excellence",
    bp_id="OPS08-BP02",
    severity="low",
    service="logs",
    resource_type="AWS::Logs::LogGroup",
    rationale="Incidents are often noticed days later; logs must still be there to analyse them.",
    remediation=(
        "Set retention_in_days to at least the minimum (and a bound, see log_group_retention_bounded)."
    ),
    remediation_terraform="retention_in_days = 14",
    params={"min_days": 7},
)
def log_group_retention_set(inv: Inventory, p: Params) -> Findings:
    def judge(g: LogGroup) -> Finding:
        days = g.retention_days
        return unknown_attributes(g, "retention_days") or verdict(
            g,
            days is None or days >= p.int("min_days"),
            f"retention {days if days is not None else 'never expire'}" + (" d" if days is not None else ""),
            f"retention {days} d < {p.int('min_days')} d",
            retention_days=days,
        )

    yield from each(inv, LogGroup, "log groups", judge)
