"""AI-assisted development is reproducible: agent specs declare inputs and outputs that chain."""

from __future__ import annotations

from coattail.review.checks._common import Findings, no_repository, repository_finding
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import Inventory
from coattail.review.model import Status


@check(
    id="agent_specs_contracts",
    kind="claim",
    title="Agent specifications declare input/output contracts that chain into one another",
    pillar="operational_excellence",
    bp_id="OPS05-BP06",
    severity="low",
    service="repository",
    resource_type="file",
    rationale="Declared inputs and outputs turn prompts into a reviewable pipeline: each agent's work is "
    "checkable against what the next one needs.",
    remediation="Give every agent spec inputs and outputs; each input must be an output of another agent "
    "or a declared external input.",
    params={"min_agents": 1, "external_inputs": []},
)
def agent_specs_contracts(inv: Inventory, p: Params) -> Findings:
    repo = inv.repository
    if repo is None:
        yield no_repository(inv, "agent specifications")
        return
    specs = repo.agent_specs
    if len(specs) < p.int("min_agents"):
        yield repository_finding(
            "agents", Status.FAIL, f"{len(specs)} agent specs (expected >= {p.int('min_agents')})"
        )
    produced = {o for s in specs for o in s.outputs} | set(p.strs("external_inputs"))
    for s in specs:
        dangling = [i for i in s.inputs if i not in produced]
        ok = bool(s.inputs) and bool(s.outputs) and not dangling
        yield repository_finding(
            s.path,
            Status.PASS if ok else Status.FAIL,
            f"{s.name}: {len(s.inputs)} inputs, {len(s.outputs)} outputs, all inputs produced upstream"
            if ok
            else f"{s.name}: {len(s.inputs)} inputs, {len(s.outputs)} outputs, unproduced inputs {dangling}",
            inputs=list(s.inputs),
            outputs=list(s.outputs),
        )
