"""The engine over a hand-built inventory with tiny in-test checks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from coattail.review.engine import ReviewPlan, aggregate_status, review
from coattail.review.inventory import Inventory, S3Bucket
from coattail.review.model import (
    CheckMeta,
    Finding,
    NotAssessed,
    Pillar,
    Severity,
    SourceKind,
    Status,
    Waiver,
)

from .conftest import make_meta


@dataclass
class FnCheck:
    meta: CheckMeta
    fn: Any

    def run(self, inventory: Any, params: Mapping[str, Any] | None = None) -> list[Finding]:
        return list(self.fn(inventory, params or {}))


def _versioned(inv: Inventory, params: Mapping[str, Any]) -> list[Finding]:
    return [
        Finding(
            resource_id=b.id,
            resource_type=b.resource_type,
            source=b.source,
            status=Status.PASS if b.versioning_enabled else Status.FAIL,
            message=f"{b.name} versioning {b.versioning}",
        )
        for b in inv.s3_buckets
        if b.name.startswith(params.get("prefix", ""))
    ]


def _boom(inv: Inventory, params: Mapping[str, Any]) -> list[Finding]:
    raise RuntimeError("bad data")


INV = Inventory.from_resources(
    [
        S3Bucket(id="arn:aws:s3:::good", name="good", source=SourceKind.LIVE, versioning="Enabled"),
        S3Bucket(id="arn:aws:s3:::bad", name="bad", source=SourceKind.LIVE, versioning=None),
    ],
    not_assessed=(NotAssessed(service="kinesis", source=SourceKind.LIVE, reason="AccessDenied"),),
)


def test_review_runs_checks_waives_scores_and_survives_a_broken_check() -> None:
    checks = [
        FnCheck(make_meta("s3_versioning", Pillar.RELIABILITY, Severity.MEDIUM), _versioned),
        FnCheck(make_meta("broken", Pillar.SECURITY, Severity.HIGH), _boom),
    ]
    plan = ReviewPlan(
        waivers=(
            Waiver(
                id="w", check_id="s3_versioning", resource="*bad", justification="j", expires=date(2030, 1, 1)
            ),
        ),
    )
    results = review(INV, checks, plan, today=date(2026, 11, 26))
    by_id = {c.meta.id: c for c in results.checks}
    assert by_id["broken"].status == Status.UNKNOWN
    assert "RuntimeError: bad data" in by_id["broken"].findings[0].message
    versioning = by_id["s3_versioning"]
    assert versioning.status == Status.FAIL and versioning.waived
    rel = next(p for p in results.scores.pillars if p.pillar == Pillar.RELIABILITY)
    # an accepted risk is still a risk (ctc-wa-2): REL09-BP01 is a high-level practice
    assert rel.score == 1.0 and rel.waived == 1 and rel.high_risks == 1 and rel.accepted_risks == 1
    sec = next(p for p in results.scores.pillars if p.pillar == Pillar.SECURITY)
    assert sec.unknown == 1 and sec.confidence == 0.0
    assert results.waivers[0].matched_findings == 1
    assert not results.complete  # kinesis was not assessed


def test_params_and_selection_from_the_plan() -> None:
    checks = [
        FnCheck(make_meta("s3_versioning", Pillar.RELIABILITY), _versioned),
        FnCheck(make_meta("other"), _boom),
    ]
    plan = ReviewPlan(
        check_params={"s3_versioning": {"prefix": "go"}}, selected_checks=frozenset({"s3_versioning"})
    )
    results = review(INV, checks, plan)
    assert [c.meta.id for c in results.checks] == ["s3_versioning"]
    assert results.checks[0].status == Status.PASS
    assert [f.resource_id for f in results.checks[0].findings] == ["arn:aws:s3:::good"]


def test_aggregate_status_precedence() -> None:
    from .conftest import make_finding

    assert aggregate_status([make_finding("a", Status.PASS), make_finding("b", Status.FAIL)]) == Status.FAIL
    assert (
        aggregate_status([make_finding("a", Status.PASS), make_finding("b", Status.UNKNOWN)])
        == Status.UNKNOWN
    )
    assert aggregate_status([make_finding("a", Status.NOT_APPLICABLE)]) == Status.NOT_APPLICABLE
    assert aggregate_status([]) == Status.NOT_APPLICABLE
