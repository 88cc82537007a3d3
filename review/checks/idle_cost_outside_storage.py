"""While nothing runs, only stored data bills (the seed's "Serverless-First" claim)."""

from __future__ import annotations

from coattail.review.checks._common import Findings
from coattail.review.checks._registry import Params, check
from coattail.review.cost import estimate
from coattail.review.inventory import Inventory
from coattail.review.model import Finding, SourceKind, Status

#: Idle lines that are stored data, which the claim allows.
STORAGE_ITEMS = ("storage", "log data stored", "stored GB")


@check(
    id="idle_cost_outside_storage",
    kind="claim",
    title="Nothing but stored data bills while the platform is idle",
    pillar="cost_optimization",
    bp_id="COST09-BP03",
    severity="medium",
    service="multiple",
    verified_on="fixtures",  # the deployed Terraform state without the streams
    resource_type="cost:idle",
    rationale="A demo platform used two hours a week should cost almost nothing in between: every resource "
    "billed by the hour or month while idle (stream-hours, shard-hours, keys, pre-initialised capacity, "
    "provisioned tables) is paid 160 hours a week for nothing.",
    remediation="Remove what bills by the hour when stopping (e.g. the streams, through a Terraform variable "
    "the stop script sets), use AWS-managed keys, enable auto-stop, use on-demand tables.",
    params={"max_usd_per_day": 0.01},
)
def idle_cost_outside_storage(inv: Inventory, p: Params) -> Findings:
    """One finding per resource that still bills by the day when the platform is stopped (what the
    inventory holds, less what a plan of the stopped state removes), other than stored data; all
    of them fail when their total exceeds the allowance, so each can be named in a waiver."""
    if not any(True for _ in inv.resources()):
        return
    cost = estimate(inv)
    billing = [
        line
        for line in cost["lines"]
        if line["mode"] == "idle"
        and (line["usd_per_day"] or 0) > 0
        and not any(word in line["item"] for word in STORAGE_ITEMS)
    ]
    total = sum(line["usd_per_day"] for line in billing)
    limit = float(p["max_usd_per_day"])
    source = inv.source_kinds[0] if inv.source_kinds else SourceKind.LIVE
    basis = (
        f"the stopped state planned in {inv.stopped_state.plan}"
        if inv.stopped_state is not None
        else "everything that exists (no plan of the stopped state given)"
    )
    if not billing:
        yield Finding(
            resource_id="cost:idle outside stored data",
            resource_type="cost:idle",
            source=source,
            status=Status.PASS,
            message=f"nothing but stored data bills while idle ({basis})",
            observed={"usd_per_day": 0.0, "basis": basis},
        )
        return
    status = Status.PASS if total <= limit else Status.FAIL
    # one finding per resource: a resource priced on several lines (a provisioned stream's shard-hours
    # and its extended retention) sums its shares
    per_resource: dict[str, list[tuple[str, float]]] = {}
    for line in billing:
        names = line["resources"] or [line["item"]]
        for resource in names:
            share = line["usd_per_day"] / len(names)
            per_resource.setdefault(resource, []).append((f"{line['service']} {line['item']}", share))
    for resource, parts in per_resource.items():
        share = sum(cost for _, cost in parts)
        yield Finding(
            resource_id=resource,
            resource_type="cost:idle",
            source=source,
            status=status,
            message=(
                f"{'; '.join(item for item, _ in parts)}: {share:.4f} USD/day while idle; idle cost outside "
                f"stored data {total:.4f} USD/day (<= {limit} allowed; {basis})"
            ),
            observed={"usd_per_day": round(share, 6), "total_usd_per_day": round(total, 6), "basis": basis},
        )
