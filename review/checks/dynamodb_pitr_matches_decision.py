"""Backups are bought deliberately: PITR is in the state the cost decision documents."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, matches, unknown_attributes, verdict
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import DynamoDBTable, Inventory
from coattail.review.model import Finding


@check(
    id="dynamodb_pitr_matches_decision",
    kind="claim",
    title="DynamoDB continuous-backup spend matches the documented cost decision",
    pillar="cost_optimization",
    bp_id="COST05-BP05",
    severity="low",
    service="dynamodb",
    resource_type="AWS::DynamoDB::Table",
    rationale="Continuous backups cost about 0.20 USD per GB-month; whether to pay for them is a "
    "documented decision per table, and the deployed state must follow it.",
    remediation="Set point_in_time_recovery to the documented value, or update the decision.",
    remediation_terraform="point_in_time_recovery { enabled = false }  # documented cost decision",
    params={"tables": ["*"], "pitr_enabled": True},
)
def dynamodb_pitr_matches_decision(inv: Inventory, p: Params) -> Findings:
    want = p.bool("pitr_enabled")

    def judge(t: DynamoDBTable) -> Finding:
        return unknown_attributes(t, "pitr_enabled") or verdict(
            t,
            t.pitr_enabled is not None and t.pitr_enabled == want,
            f"PITR {'enabled' if t.pitr_enabled else 'disabled'}, as documented",
            f"PITR {'enabled' if t.pitr_enabled else 'disabled'}, but the decision says "
            f"{'enabled' if want else 'disabled'}",
            pitr_enabled=t.pitr_enabled,
            documented=want,
        )

    yield from each(
        inv,
        DynamoDBTable,
        "DynamoDB tables",
        judge,
        select=lambda t: matches(t.name, p.strs("tables")),
        required=p.strs("tables") != ("*",),
    )
