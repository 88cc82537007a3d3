"""The dashboard polls at a modest, configured interval."""

from __future__ import annotations

from coattail.review.checks._common import Findings, no_repository, repository_finding
from coattail.review.checks._registry import Params, check
from coattail.review.checks._repo import seconds
from coattail.review.inventory import Inventory
from coattail.review.model import Status


@check(
    id="dashboard_poll_interval",
    kind="claim",
    title="The dashboard's polling interval is at least the documented minimum",
    pillar="sustainability",
    bp_id="SUS02-BP06",
    severity="low",
    service="repository",
    resource_type="file",
    rationale="Polling every 10 s instead of streaming or polling every second keeps API calls, Lambda "
    "invocations and table reads proportional to what a viewer can perceive.",
    remediation="Configure the dashboard's poll interval (>= the minimum) in its configuration file.",
    params={
        "path": "platform/dashboard/config.json",
        "key": "poll_interval_seconds",
        "unit_seconds": 1,  # 0.001 when the key holds milliseconds
        "min_seconds": 10,
    },
)
def dashboard_poll_interval(inv: Inventory, p: Params) -> Findings:
    repo = inv.repository
    if repo is None:
        yield no_repository(inv, "dashboard polling")
        return
    cfg = repo.config(p.str("path"))
    value = cfg.get(p.str("key")) if cfg else None
    raw = seconds(value)
    secs = None if raw is None else raw * p.num("unit_seconds")
    ok = secs is not None and secs >= p.num("min_seconds")
    yield repository_finding(
        p.str("path"),
        Status.PASS if ok else Status.FAIL,
        f"polls every {secs:g} s"
        if ok and secs is not None
        else f"{p.str('key')} = {value!r} (expected >= {p.num('min_seconds'):g} s)",
        poll_interval_seconds=secs,
    )
