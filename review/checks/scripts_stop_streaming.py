"""The stop script really stops what costs money while idle."""

from __future__ import annotations

from coattail.review.checks._common import Findings, no_repository, repository_finding
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import Inventory
from coattail.review.model import Status


@check(
    id="scripts_stop_streaming",
    title="The stop script stops the producer and the streaming job run",
    pillar="cost_optimization",
    bp_id="COST02-BP05",
    severity="medium",
    service="repository",
    resource_type="file",
    rationale="Between demos nothing should run: the stop script is the cost control for the "
    "pay-per-hour parts (stream consumers, Spark job).",
    remediation="Make scripts/stop.sh stop the producer and cancel the EMR Serverless job run.",
    params={"path": "scripts/stop.sh", "must_mention": ["producer", "job"]},
)
def scripts_stop_streaming(inv: Inventory, p: Params) -> Findings:
    repo = inv.repository
    if repo is None:
        yield no_repository(inv, "the stop script")
        return
    path = p.str("path")
    s = repo.script(path)
    if s is None or not s.exists:
        yield repository_finding(path, Status.FAIL, "stop script not found")
        return
    text = " ".join(s.invocations).lower()
    missing = [w for w in p.strs("must_mention") if w.lower() not in text]
    yield repository_finding(
        path,
        Status.FAIL if missing else Status.PASS,
        f"does not stop: {', '.join(missing)}" if missing else f"stops {', '.join(p.strs('must_mention'))}",
        invocations=list(s.invocations[:10]),
    )
