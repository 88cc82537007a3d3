"""The producer stops hammering an exchange that keeps failing."""

from __future__ import annotations

from coattail.review.checks._common import Findings
from coattail.review.checks._registry import Params, check
from coattail.review.checks._repo import practice_finding
from coattail.review.inventory import Inventory


@check(
    id="producer_circuit_breaker",
    kind="claim",
    title="The exchange feeds reconnect through a circuit breaker",
    pillar="reliability",
    bp_id="REL05-BP03",
    severity="medium",
    service="repository",
    resource_type="file",
    rationale="Without a breaker a feed whose exchange keeps refusing reconnects in a tight loop, burns "
    "its rate limit and floods the logs; an open breaker waits out a cooldown and tries again.",
    remediation="Wrap the WebSocket reconnect loop in a circuit breaker (failure threshold + cooldown).",
    params={"practice": "circuit_breaker", "min_files": 1},
)
def producer_circuit_breaker(inv: Inventory, p: Params) -> Findings:
    yield practice_finding(inv, p.str("practice"), p.int("min_files"), "circuit breaker in use")
