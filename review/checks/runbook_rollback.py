"""Operations follow a written runbook that includes how to roll back."""

from __future__ import annotations

from coattail.review.checks._common import Findings, no_repository, repository_finding
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import Inventory
from coattail.review.model import Status


@check(
    id="runbook_rollback",
    kind="claim",
    title="A runbook documents operating procedures including rollback",
    pillar="operational_excellence",
    bp_id="OPS07-BP03",
    severity="medium",
    service="repository",
    resource_type="file",
    rationale="Runbooks make routine and emergency operations repeatable by anyone on call; a rollback "
    "procedure makes every change reversible.",
    remediation="Write docs/RUNBOOK.md with step-by-step procedures and a rollback section.",
    params={"path": "docs/RUNBOOK.md", "keywords": ["rollback"], "min_headings": 3},
)
def runbook_rollback(inv: Inventory, p: Params) -> Findings:
    repo = inv.repository
    if repo is None:
        yield no_repository(inv, "the runbook")
        return
    path = p.str("path")
    doc = repo.document(path)
    if doc is None or not doc.exists:
        yield repository_finding(path, Status.FAIL, "runbook not found")
        return
    missing = [k for k in p.strs("keywords") if not doc.mentions_any(k)]
    ok = not missing and len(doc.headings) >= p.int("min_headings")
    yield repository_finding(
        path,
        Status.PASS if ok else Status.FAIL,
        f"{len(doc.headings)} sections, mentions {', '.join(p.strs('keywords'))}"
        if ok
        else f"{len(doc.headings)} sections; does not mention {', '.join(missing) or '-'}",
        headings=list(doc.headings[:20]),
        mentions={k: doc.mentions.get(k.lower(), 0) for k in p.strs("keywords")},
    )
