"""Replayed writes land on the same item: the key is the deterministic id."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, matches, verdict
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import DynamoDBTable, Inventory
from coattail.review.model import Finding


@check(
    id="dynamodb_idempotent_key",
    kind="claim",
    title="The alerts table is keyed on the deterministic alert id",
    pillar="reliability",
    bp_id="REL04-BP04",
    severity="high",
    service="dynamodb",
    resource_type="AWS::DynamoDB::Table",
    rationale="With a deterministic partition key and conditional puts a replayed micro-batch cannot "
    "create duplicate alerts.",
    remediation="Key the table on the deterministic id (hash) and the event time (range).",
    remediation_terraform='hash_key = "alert_id"\nrange_key = "detected_at"',
    params={"tables": ["*-alerts"], "hash_key": "alert_id", "range_key": "detected_at"},
)
def dynamodb_idempotent_key(inv: Inventory, p: Params) -> Findings:
    want = (p.str("hash_key"), p.optional_str("range_key"))

    def judge(t: DynamoDBTable) -> Finding:
        seen = (t.hash_key, t.range_key)
        return verdict(
            t,
            seen == want,
            f"keyed on {seen[0]} (hash) / {seen[1]} (range)",
            f"keyed on {seen[0]} / {seen[1]}, expected {want[0]} / {want[1]}",
            hash_key=seen[0],
            range_key=seen[1],
        )

    yield from each(
        inv,
        DynamoDBTable,
        "alert tables",
        judge,
        select=lambda t: matches(t.name, p.strs("tables")),
        required=True,
    )
