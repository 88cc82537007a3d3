"""Helpers for checks over repository facts (CI workflows, documents, scripts, configuration)."""

from __future__ import annotations

import re

from coattail.review.checks._common import no_repository, repository_finding
from coattail.review.inventory import CIStep, CIWorkflow, Inventory
from coattail.review.model import Finding, Status


def gate_steps(workflows: tuple[CIWorkflow, ...], keywords: list[str]) -> list[tuple[CIWorkflow, CIStep]]:
    """(workflow, step) pairs whose name/uses/run mention any keyword.

    A keyword of several words matches when every word appears in the step, in any order, so
    ``terraform validate`` also matches ``terraform -chdir=infra validate``.
    """
    wanted = [k.lower().split() for k in keywords]
    return [
        (w, s)
        for w in workflows
        for s in w.steps
        if any(all(word in s.text.lower() for word in words) for words in wanted)
    ]


def blocking(workflow: CIWorkflow, step: CIStep) -> bool:
    """A step blocks the pipeline unless it or its job continues on error."""
    job = next((j for j in workflow.jobs if step in j.steps), None)
    return not step.continue_on_error and not (job and job.continue_on_error)


_DURATION = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*([a-z]*)\s*$")
_UNITS = {
    "": 1.0,
    "ms": 0.001,
    "s": 1.0,
    "sec": 1.0,
    "second": 1.0,
    "seconds": 1.0,
    "m": 60.0,
    "min": 60.0,
    "minute": 60.0,
    "minutes": 60.0,
    "h": 3600.0,
    "hour": 3600.0,
    "hours": 3600.0,
}


def seconds(value: object) -> float | None:
    """'60 seconds' / '30s' / '2 minutes' / 60 -> seconds (None when unreadable)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    m = _DURATION.match(value.lower()) if isinstance(value, str) else None
    if m is None or m.group(2) not in _UNITS:
        return None
    return float(m.group(1)) * _UNITS[m.group(2)]


def workflows_or_gap(inv: Inventory) -> tuple[tuple[CIWorkflow, ...], Finding | None]:
    """The CI workflows, or the finding that says why there are none to examine."""
    repo = inv.repository
    if repo is None:
        return (), no_repository(inv, "CI workflows")
    if not repo.workflows:
        return (), repository_finding(".github/workflows", Status.FAIL, "no CI workflow found")
    return repo.workflows, None


def practice_finding(inv: Inventory, practice: str, min_files: int, what: str) -> Finding:
    """PASS when at least ``min_files`` platform source files show ``practice`` (``what`` names it)."""
    repo = inv.repository
    if repo is None:
        return no_repository(inv, what)
    files = repo.usage(practice)
    ok = len(files) >= min_files
    return repository_finding(
        files[0] if files else "platform",
        Status.PASS if ok else Status.FAIL,
        f"{what} in {', '.join(files)}" if ok else f"no {what} in platform code",
        practice=practice,
        files=list(files),
    )
