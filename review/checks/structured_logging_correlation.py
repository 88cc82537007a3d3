"""Logs are structured and carry correlation ids across components."""

from __future__ import annotations

from review.checks._common import Findings, no_repository, repository_finding
from review.checks._registry import Params, check
from review.inventory import Inventory
from review.model import Status


@check(
    id="structured_logging_correlation",
    title="Platform code logs structured records with correlation ids",
    pillar="operational_excellence",
    bp_id="OPS04-BP02",
    severity="low",
    service="repository",
    resource_type="file",
    rationale="JSON logs with a correlation id let one event be followed from the exchange feed through "
    "the stream and the detectors to the alert and the API.",
    remediation="Log JSON records through one logging helper that stamps the correlation id.",
    params={"practices": ["structured_logging", "correlation_id"], "min_files": 1},
)
def structured_logging_correlation(inv: Inventory, p: Params) -> Findings:
    repo = inv.repository
    if repo is None:
        yield no_repository(inv, "logging practices")
        return
    for practice in p.strs("practices"):
        files = repo.usage(practice)
        ok = len(files) >= p.int("min_files")
        yield repository_finding(
            files[0] if files else "platform",
            Status.PASS if ok else Status.FAIL,
            f"{practice} used in {len(files)} file(s)" if ok else f"{practice} used in no platform code",
            practice=practice,
            files=list(files[:10]),
        )
