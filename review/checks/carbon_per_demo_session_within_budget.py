"""The carbon of a demo session is measured from the deployed resources and kept within a goal."""

from __future__ import annotations

from coattail.review.carbon import estimate_carbon
from coattail.review.checks._common import Findings
from coattail.review.checks._registry import Params, check
from coattail.review.cost import load_workload, region_of
from coattail.review.inventory import Inventory
from coattail.review.model import Finding, SourceKind, Status


@check(
    id="carbon_per_demo_session_within_budget",
    kind="claim",
    title="The carbon footprint of a demo session is estimated and within its goal",
    pillar="sustainability",
    bp_id="SUS06-BP01",
    severity="medium",
    service="multiple",
    resource_type="carbon:session",
    rationale="A footprint nobody measures cannot be held to a goal: the estimate per demo session, from the "
    "capacity actually deployed, shows when a change (a larger EMR maximum, x86 instead of Graviton) moves "
    "it (Cloud Carbon Footprint method, review/carbon.py).",
    remediation="Right-size the EMR Serverless maximum capacity and the producer task, prefer ARM64 "
    "(Graviton), keep the demo sessions short; the estimate names the largest contributor.",
    params={"max_gco2e_per_session": 50},
)
def carbon_per_demo_session_within_budget(inv: Inventory, p: Params) -> Findings:
    """One finding for the demo session: PASS within the goal, FAIL above it, UNKNOWN where the region
    has no published grid factor; nothing to judge without compute that runs in a session."""
    region = region_of(inv)
    carbon = estimate_carbon(inv, region, load_workload())
    session = [c for c in carbon["components"] if c["per"] == "session"]
    if not session:
        return
    source = inv.source_kinds[0] if inv.source_kinds else SourceKind.LIVE
    largest = max(session, key=lambda c: c["wh"])
    named = f"largest: {largest['service']} {largest['item']} [{largest['resource_id']}]"
    grams = carbon["per_session_gco2e"]
    limit = float(p["max_gco2e_per_session"])
    observed = {
        "per_session_gco2e": grams,
        "per_month_kgco2e": carbon["per_month_kgco2e"],
        "grid_gco2e_per_kwh": carbon["grid_gco2e_per_kwh"],
        "largest": largest["resource_id"],
    }
    if grams is None:
        status, message = Status.UNKNOWN, f"no published grid emission factor for {region}; {named}"
    else:
        status = Status.PASS if grams <= limit else Status.FAIL
        message = (
            f"{grams:g} gCO2e per {carbon['session_hours']:g} h demo session (goal <= {limit:g}); "
            f"{carbon['per_month_kgco2e']:g} kgCO2e a month; {named}"
        )
    yield Finding(
        resource_id=f"carbon:demo session ({region})",
        resource_type="carbon:session",
        source=source,
        status=status,
        message=message,
        observed=observed,
    )
