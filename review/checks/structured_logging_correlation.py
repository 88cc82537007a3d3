"""Logs are structured and carry correlation ids across components."""

from __future__ import annotations

from coattail.review.checks._common import Findings, no_repository
from coattail.review.checks._registry import Params, check
from coattail.review.checks._repo import practice_finding
from coattail.review.inventory import Inventory


@check(
    id="structured_logging_correlation",
    kind="claim",
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
    if inv.repository is None:
        yield no_repository(inv, "logging practices")
        return
    for practice in p.strs("practices"):
        yield practice_finding(inv, practice, p.int("min_files"), practice.replace("_", " "))
