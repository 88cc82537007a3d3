"""Quality gates block: a failing gate fails the pipeline, on pushes and pull requests."""

from __future__ import annotations

from coattail.review.checks._common import Findings, repository_finding
from coattail.review.checks._registry import Params, check
from coattail.review.checks._repo import blocking, gate_steps, workflows_or_gap
from coattail.review.inventory import Inventory
from coattail.review.model import Status


@check(
    id="ci_gates_blocking",
    title="CI gates run on every push and pull request and are blocking (no continue-on-error)",
    pillar="operational_excellence",
    bp_id="OPS05-BP07",
    severity="medium",
    service="repository",
    resource_type="file",
    rationale="A gate that may fail without failing the build, or that does not run on pull requests, "
    "does not protect the main branch.",
    remediation="Trigger the workflow on push and pull_request and remove continue-on-error from gates.",
    params={
        "triggers": ["push", "pull_request"],
        "keywords": ["ruff", "mypy", "pytest", "test.sh", "terraform", "checkov", "tfsec"],
    },
)
def ci_gates_blocking(inv: Inventory, p: Params) -> Findings:
    workflows, gap = workflows_or_gap(inv)
    if gap is not None:
        yield gap
    for w in workflows:
        steps = gate_steps((w,), list(p.strs("keywords")))
        soft = [s.name or s.run or "?" for _, s in steps if not blocking(w, s)]
        missing = [t for t in p.strs("triggers") if t not in w.triggers]
        ok = bool(steps) and not soft and not missing
        yield repository_finding(
            w.path,
            Status.PASS if ok else Status.FAIL,
            f"{len(steps)} blocking gate steps on {', '.join(w.triggers)}"
            if ok
            else f"non-blocking gates {soft}, missing triggers {missing}, gate steps {len(steps)}",
            triggers=list(w.triggers),
            non_blocking=soft,
        )
