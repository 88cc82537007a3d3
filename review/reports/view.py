"""The report view: ReviewResults regrouped per pillar for the templates (no new facts added)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from coattail.review.model import (
    AppliedWaiver,
    CheckResult,
    DecisionResult,
    Finding,
    Improvement,
    Pillar,
    PillarScore,
    ReviewResults,
    Severity,
    Status,
)
from coattail.review.reports.compare import ResultsDiff, compare, expired_waiver_ids, finding_fails
from coattail.review.reports.radar import Radar, build_radar

SEVERITY_ORDER = {s: i for i, s in enumerate(Severity)}
SHORT_TITLES = {
    Pillar.OPERATIONAL_EXCELLENCE: "Operational Excellence",
    Pillar.SECURITY: "Security",
    Pillar.RELIABILITY: "Reliability",
    Pillar.PERFORMANCE_EFFICIENCY: "Performance",
    Pillar.COST_OPTIMIZATION: "Cost",
    Pillar.SUSTAINABILITY: "Sustainability",
}


@dataclass(frozen=True)
class FailedCheck:
    check: CheckResult
    findings: tuple[Finding, ...]  # the failing ones (not covered by a waiver in force)
    waiver_expired: bool

    @property
    def severity(self) -> Severity:
        return self.check.meta.severity


@dataclass(frozen=True)
class AcceptedRisk:
    applied: AppliedWaiver
    check: CheckResult | None


@dataclass
class PillarView:
    number: int
    pillar: Pillar
    title: str
    principle: str
    score: PillarScore | None
    decisions: list[DecisionResult] = field(default_factory=list)
    failed: list[FailedCheck] = field(default_factory=list)
    accepted: list[AcceptedRisk] = field(default_factory=list)
    passed: list[CheckResult] = field(default_factory=list)
    unknown: list[CheckResult] = field(default_factory=list)
    not_applicable: list[CheckResult] = field(default_factory=list)
    improvements: list[Improvement] = field(default_factory=list)


@dataclass(frozen=True)
class AccountRow:
    """One account's own scores, in pillar order, for a review that covers several accounts."""

    account: str
    resources: int
    overall: float
    lowest: str
    pillar_scores: tuple[float | None, ...]
    failed_checks: tuple[str, ...]


def account_rows(results: ReviewResults) -> list[AccountRow]:
    rows = []
    for a in results.accounts:
        by_pillar = {p.pillar: p.score for p in a.scores.pillars}
        lowest = a.scores.lowest_pillar
        rows.append(
            AccountRow(
                account=a.account,
                resources=a.resources,
                overall=a.scores.overall,
                lowest=f"{SHORT_TITLES[lowest]} {a.scores.lowest_score}" if lowest else "",
                pillar_scores=tuple(by_pillar.get(p) for p in Pillar),
                failed_checks=a.failed_checks,
            )
        )
    return rows


DOCUMENT_PREFIX = "AWS Well-Architected Framework Review: "


@dataclass
class ReportView:
    results: ReviewResults
    pillars: list[PillarView]
    radar: Radar
    diff: ResultsDiff | None
    baseline: ReviewResults | None
    cost: dict[str, Any] | None
    counts: dict[str, int]
    cost_error: str | None = None
    accounts: list[AccountRow] = field(default_factory=list)

    @property
    def project(self) -> str:
        """The reviewed workload's name (profiles may give the whole document title)."""
        return self.results.profile_title.removeprefix(DOCUMENT_PREFIX)

    @property
    def document_title(self) -> str:
        return DOCUMENT_PREFIX + self.project


def _failed_check(check: CheckResult, expired: frozenset[str]) -> FailedCheck | None:
    failing = tuple(f for f in check.findings if finding_fails(f, expired))
    if failing:
        return FailedCheck(check, failing, any(f.waived_by in expired for f in failing))
    if check.status == Status.FAIL and not check.waived:
        return FailedCheck(check, (), False)
    return None


def build_view(results: ReviewResults, baseline: ReviewResults | None = None) -> ReportView:
    expired = expired_waiver_ids(results)
    scores = {p.pillar: p for p in results.scores.pillars}
    checks_by_id = {c.meta.id: c for c in results.checks}
    views = {
        p: PillarView(i, p, p.title, results.design_principles.get(p, ""), scores.get(p))
        for i, p in enumerate(Pillar, start=1)
    }
    for check in results.checks:
        view = views[check.meta.pillar]
        failed = _failed_check(check, expired)
        if failed is not None:
            view.failed.append(failed)
        elif check.status in (Status.PASS, Status.FAIL):  # FAIL here means fully waived
            view.passed.append(check)
        elif check.status == Status.UNKNOWN:
            view.unknown.append(check)
        else:
            view.not_applicable.append(check)
    for view in views.values():
        view.failed.sort(key=lambda f: (SEVERITY_ORDER[f.severity], f.check.meta.id))
    for decision in results.decisions:
        views[decision.pillar].decisions.append(decision)
    for improvement in results.improvements:
        views[improvement.pillar].improvements.append(improvement)
    for applied in results.waivers:
        waived_check = checks_by_id.get(applied.waiver.check_id)
        if waived_check is not None:
            views[waived_check.meta.pillar].accepted.append(AcceptedRisk(applied, waived_check))

    pillars = list(views.values())
    labels = [SHORT_TITLES[v.pillar] for v in pillars]
    values = [v.score.score if v.score else 0.0 for v in pillars]
    base_values = None
    if baseline is not None:
        base_scores = {p.pillar: p.score for p in baseline.scores.pillars}
        base_values = [base_scores.get(v.pillar, 0.0) for v in pillars]
    counts = {str(s): sum(1 for c in results.checks if c.status == s) for s in Status}
    counts["failing_findings"] = sum(len(f.findings) for v in pillars for f in v.failed)
    return ReportView(
        results=results,
        pillars=pillars,
        radar=build_radar(labels, values, base_values),
        diff=compare(results, baseline) if baseline is not None else None,
        baseline=baseline,
        cost=results.cost if results.cost and "active_per_hour" in results.cost else None,
        counts=counts,
        cost_error=str(results.cost.get("error", "incomplete cost summary")) if results.cost else None,
        accounts=account_rows(results),
    )
