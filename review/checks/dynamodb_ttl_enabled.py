"""Short-lived items expire by themselves."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, matches, unknown_attributes, verdict
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import DynamoDBTable, Inventory
from coattail.review.model import Finding


@check(
    id="dynamodb_ttl_enabled",
    title="DynamoDB time-to-live is enabled on the expiry attribute",
    pillar="cost_optimization",
    bp_id="COST04-BP05",
    severity="medium",
    service="dynamodb",
    resource_type="AWS::DynamoDB::Table",
    rationale="TTL deletes expired items at no cost, so hot tables stay small and cheap.",
    remediation="Enable TTL on the attribute that holds the expiry epoch.",
    remediation_terraform='ttl { attribute_name = "ttl_epoch"  enabled = true }',
    params={"tables": ["*"], "attribute": None},
)
def dynamodb_ttl_enabled(inv: Inventory, p: Params) -> Findings:
    want = p.optional_str("attribute")

    def judge(t: DynamoDBTable) -> Finding:
        ok = bool(t.ttl_enabled) and (want is None or t.ttl_attribute == want)
        return unknown_attributes(t, "ttl_enabled", "ttl_attribute") or verdict(
            t,
            ok,
            f"TTL enabled on {t.ttl_attribute}",
            f"TTL {'enabled on ' + str(t.ttl_attribute) if t.ttl_enabled else 'disabled'}"
            + (f" (expected on {want})" if want else ""),
            ttl_enabled=t.ttl_enabled,
            ttl_attribute=t.ttl_attribute,
        )

    yield from each(
        inv,
        DynamoDBTable,
        "DynamoDB tables",
        judge,
        select=lambda t: matches(t.name, p.strs("tables")),
        required=p.strs("tables") != ("*",),
    )
