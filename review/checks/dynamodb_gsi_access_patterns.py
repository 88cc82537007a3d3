"""The API's query patterns are served by indexes, not scans."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, matches, unknown_attributes, verdict
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import DynamoDBTable, Inventory
from coattail.review.model import Finding


@check(
    id="dynamodb_gsi_access_patterns",
    kind="claim",
    title="DynamoDB global secondary indexes serve the documented query patterns",
    pillar="performance_efficiency",
    bp_id="PERF03-BP04",
    severity="medium",
    service="dynamodb",
    resource_type="AWS::DynamoDB::Table",
    rationale="Each API filter (by type, by symbol, newest first) needs an index keyed on it; "
    "otherwise every request scans the table.",
    remediation="Add a GSI per access pattern with the filter attribute as hash key and time as range key.",
    remediation_terraform='global_secondary_index {\n  name = "type-time-index"  hash_key = "alert_type"\n'
    '  range_key = "detected_at"  projection_type = "ALL"\n}',
    params={"tables": ["*-alerts"], "indexes": {}},
)
def dynamodb_gsi_access_patterns(inv: Inventory, p: Params) -> Findings:
    wanted = {name: tuple(keys) for name, keys in p.mapping("indexes").items()}

    def judge(t: DynamoDBTable) -> Finding:
        seen = {g.name: (g.hash_key, g.range_key) for g in t.global_secondary_indexes}
        wrong = [f"{n} {seen.get(n, 'missing')} != {k}" for n, k in wanted.items() if seen.get(n) != k]
        ok = not wrong and (bool(wanted) or bool(seen))
        return unknown_attributes(t, "global_secondary_indexes") or verdict(
            t,
            ok,
            f"{len(seen)} GSIs: " + ", ".join(f"{n} ({h}, {r})" for n, (h, r) in seen.items()),
            "; ".join(wrong) or "no global secondary index",
            indexes={n: list(k) for n, k in seen.items()},
        )

    yield from each(
        inv,
        DynamoDBTable,
        "DynamoDB tables with documented query patterns",
        judge,
        select=lambda t: matches(t.name, p.strs("tables")),
        required=True,
    )
