"""Roll check results up into the profile's Decisions rows and improvement opportunities.

A decision is proven when every check that proves it passes. Its ``implementation`` is written
from what the checks observed (their finding messages), its ``evidence`` names the resources
and files those findings cite — so the Decisions table is restated from the account, not copied
from the profile. Improvements are the profile's opportunities, each judged from the checks bound
to it (done, open, accepted or not assessed), plus one per failing check no opportunity covers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

from coattail.review.model import (
    CheckResult,
    DecisionResult,
    Finding,
    Improvement,
    ImprovementStatus,
    Severity,
    Status,
)
from coattail.review.profile import Decision, ImprovementSpec, Profile

#: How many observed statements of one check go into a decision's implementation text.
MAX_STATEMENTS_PER_CHECK = 4
_SEVERITY_ORDER = list(Severity)


def decision_status(results: Sequence[CheckResult | None]) -> Status:
    """FAIL if a proving check fails; PASS only if every proving check passed on evidence.

    Otherwise the claim is *not evidenced* (UNKNOWN): a check that did not run, could not tell, or
    found nothing to judge (NOT_APPLICABLE) proves nothing, and neither does a row that has only
    such checks. A row never passes on part of its evidence.
    """
    if any(r is not None and r.status == Status.FAIL for r in results):
        return Status.FAIL
    if results and all(r is not None and r.status == Status.PASS for r in results):
        return Status.PASS
    return Status.UNKNOWN


def _cited(f: Finding) -> str:
    if f.terraform_address:
        where = f", {f.location.path}:{f.location.start_line}" if f.location and f.location.start_line else ""
        return f"{f.resource_id} ({f.terraform_address}{where})"
    if f.location is not None and not f.resource_id.startswith("arn:"):
        line = f":{f.location.start_line}" if f.location.start_line else ""
        return (
            f"{f.location.path}{line}"
            if f.resource_type == "file"
            else f"{f.resource_id} ({f.location.path}{line})"
        )
    return f.resource_id


def _statements(result: CheckResult) -> list[str]:
    """The check's observations, failures first, without repeats."""
    relevant = [f for f in result.findings if f.status in (Status.FAIL, Status.PASS, Status.UNKNOWN)]
    relevant.sort(key=lambda f: [Status.FAIL, Status.UNKNOWN, Status.PASS].index(f.status))
    out: list[str] = []
    for f in relevant:
        text = f.message if f.status == Status.PASS else f"{f.status.value}: {f.message}"
        if text not in out:
            out.append(text)
    if len(out) > MAX_STATEMENTS_PER_CHECK:
        out = [*out[:MAX_STATEMENTS_PER_CHECK], f"... and {len(out) - MAX_STATEMENTS_PER_CHECK} more"]
    return out


def roll_up_decision(pillar: Any, decision: Decision, by_id: dict[str, CheckResult]) -> DecisionResult:
    results = [by_id.get(c) for c in decision.check_ids]
    statements: list[str] = []
    evidence: list[str] = []
    for check_id, result in zip(decision.check_ids, results, strict=True):
        if result is None:
            statements.append(f"{check_id}: not run")
            continue
        if result.status == Status.NOT_APPLICABLE:
            statements.append(f"{check_id}: nothing to judge (not evidenced)")
            continue
        statements.extend(_statements(result))
        for f in result.findings:
            if f.status in (Status.PASS, Status.FAIL) and _cited(f) not in evidence:
                evidence.append(_cited(f))
    return DecisionResult(
        pillar=pillar,
        area=decision.area,
        claim=decision.claim,
        seed_claim=decision.seed_claim,
        implementation="; ".join(statements) or "nothing observed",
        evidence=tuple(evidence),
        check_ids=decision.check_ids,
        status=decision_status(results),
    )


def improvement_status(results: Sequence[CheckResult | None]) -> ImprovementStatus:
    """Done when every check that shows it passed; open when one fails; accepted when waived."""
    if not results or any(r is None for r in results):
        return ImprovementStatus.NOT_ASSESSED
    present = [r for r in results if r is not None]
    if any(r.status == Status.FAIL and not r.waived for r in present):
        return ImprovementStatus.OPEN
    if any(r.status == Status.FAIL for r in present):
        return ImprovementStatus.ACCEPTED
    if all(r.status == Status.PASS for r in present):
        return ImprovementStatus.DONE
    return ImprovementStatus.NOT_ASSESSED


def _worst_severity(results: Sequence[CheckResult | None]) -> Severity | None:
    severities = [r.meta.severity for r in results if r is not None]
    return min(severities, key=_SEVERITY_ORDER.index) if severities else None


#: Reading order of a pillar's improvements: what is at risk first, what is done last.
_STATUS_ORDER = [
    ImprovementStatus.OPEN,
    ImprovementStatus.ACCEPTED,
    ImprovementStatus.NOT_ASSESSED,
    ImprovementStatus.DEFERRED,
]


def _risk_order(i: Improvement) -> tuple[int, int]:
    status = _STATUS_ORDER.index(i.status) if i.status in _STATUS_ORDER else len(_STATUS_ORDER)
    severity = _SEVERITY_ORDER.index(i.severity) if i.severity else len(_SEVERITY_ORDER)
    return status, severity


def profile_improvement(
    pillar: Any, spec: ImprovementSpec, by_id: dict[str, CheckResult], today: date | None = None
) -> Improvement:
    """One of the profile's opportunities, judged from the checks bound to it (none: not assessed);
    a deferral in force on ``today`` makes it deferred, an expired one open."""
    if spec.deferred is not None:
        d = spec.deferred
        in_force = today is None or today <= d.until
        who = f", {d.owner}" if d.owner else ""
        return Improvement(
            pillar=pillar,
            text=spec.text,
            origin="profile",
            status=ImprovementStatus.DEFERRED if in_force else ImprovementStatus.OPEN,
            evidence=(
                f"deferred until {d.until.isoformat()}{who}: {d.reason}"
                if in_force
                else f"deferral expired on {d.until.isoformat()}{who}: {d.reason}",
            ),
            deferred_until=d.until,
        )
    results = [by_id.get(c) for c in spec.checks]
    evidence: list[str] = []
    for check_id, result in zip(spec.checks, results, strict=True):
        if result is None:
            evidence.append(f"{check_id}: not run")
            continue
        evidence.extend(f"{check_id}: {text}" for text in _statements(result))
    if not spec.checks:
        evidence.append("no check shows it: judged by hand")
    return Improvement(
        pillar=pillar,
        text=spec.text,
        origin="profile",
        severity=_worst_severity(results),
        status=improvement_status(results),
        check_ids=spec.checks,
        evidence=tuple(evidence),
    )


def improvements(
    profile: Profile, results: Iterable[CheckResult], today: date | None = None
) -> list[Improvement]:
    """The profile's opportunities judged from their checks, then one per failing (not waived) check
    that no opportunity covers; each pillar's list ordered by risk (open, accepted, not assessed, done)."""
    results = list(results)
    by_id = {r.meta.id: r for r in results}
    out = [
        profile_improvement(p.pillar, spec, by_id, today) for p in profile.pillars for spec in p.improvements
    ]
    covered = {c for i in out for c in i.check_ids}
    failing = [r for r in results if r.status == Status.FAIL and not r.waived and r.meta.id not in covered]
    failing.sort(key=lambda r: (_SEVERITY_ORDER.index(r.meta.severity), r.meta.id))
    for r in failing:
        bad = sum(1 for f in r.findings if f.status == Status.FAIL and not f.waived_by)
        out.append(
            Improvement(
                pillar=r.meta.pillar,
                text=f"{r.meta.title} — {bad} failing resource(s). {r.meta.remediation}",
                origin=r.meta.id,
                severity=r.meta.severity,
                status=ImprovementStatus.OPEN,
                check_ids=(r.meta.id,),
            )
        )
    pillars = list(dict.fromkeys(i.pillar for i in out))
    return [i for pillar in pillars for i in sorted((i for i in out if i.pillar == pillar), key=_risk_order)]


def roll_up(
    profile: Profile, results: Sequence[CheckResult], inventory: Any = None, today: date | None = None
) -> tuple[tuple[DecisionResult, ...], tuple[Improvement, ...]]:
    """Decisions and improvements for one review (``inventory`` is accepted for the engine's hook;
    ``today``, the review's date, decides whether a deferral is still in force)."""
    by_id = {r.meta.id: r for r in results}
    decisions = tuple(roll_up_decision(pillar, d, by_id) for pillar, d in profile.decisions)
    return decisions, tuple(improvements(profile, results, today))


def roll_up_for(
    profile: Profile,
) -> Callable[[Sequence[CheckResult], Any, date], tuple[tuple[DecisionResult, ...], tuple[Improvement, ...]]]:
    """The engine's ``ReviewPlan.roll_up`` hook bound to one profile."""

    def hook(
        results: Sequence[CheckResult], inventory: Any, today: date
    ) -> tuple[tuple[DecisionResult, ...], tuple[Improvement, ...]]:
        return roll_up(profile, results, inventory, today)

    return hook


def review_plan(profile: Profile, waivers: Sequence[Any] = (), **extra: Any) -> Any:
    """A ``coattail.review.engine.ReviewPlan`` for ``profile``: its parameters, principles and roll-up."""
    from coattail.review.engine import ReviewPlan

    return ReviewPlan(
        profile_id=profile.id,
        profile_title=profile.title,
        design_principles=profile.design_principles,
        check_params=profile.merged_check_params(),
        roll_up=roll_up_for(profile),
        waivers=tuple(waivers),
        scope=profile.scope.apply,
        claims=frozenset(profile.named_checks),
        **extra,
    )
