"""Starting and stopping the workload is scripted, not manual."""

from __future__ import annotations

from coattail.review.checks._common import Findings, no_repository, repository_finding
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import Inventory
from coattail.review.model import Status


@check(
    id="scripts_start_stop",
    kind="claim",
    title="Executable start and stop scripts exist for the streaming components",
    pillar="operational_excellence",
    bp_id="OPS07-BP03",
    severity="medium",
    service="repository",
    resource_type="file",
    rationale="Scripted start/stop makes the demo lifecycle repeatable and lets anyone bring the "
    "streaming parts up or down in one command.",
    remediation="Add executable scripts/start.sh and scripts/stop.sh with a shebang.",
    params={"scripts": ["scripts/start.sh", "scripts/stop.sh"]},
)
def scripts_start_stop(inv: Inventory, p: Params) -> Findings:
    repo = inv.repository
    if repo is None:
        yield no_repository(inv, "start/stop scripts")
        return
    for path in p.strs("scripts"):
        s = repo.script(path)
        ok = s is not None and s.exists and s.executable and bool(s.shebang)
        yield repository_finding(
            path,
            Status.PASS if ok else Status.FAIL,
            f"executable ({s.shebang}), ends with `{s.invocations[-1] if s.invocations else 'nothing'}`"
            if ok and s
            else "missing"
            if s is None or not s.exists
            else "not executable or no shebang",
            commands=list(s.commands) if s else [],
            invocations=list(s.invocations[-5:]) if s else [],
        )
