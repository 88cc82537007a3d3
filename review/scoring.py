"""The scoring rubric ``ctc-wa-2``: check results -> Well-Architected risks -> a 1-5 score per pillar.

It follows the Well-Architected Tool's own model (docs/SCORING.md has the full text and a worked
example; tests/review_core/test_scoring_rubric.py has hand-computed figures):

1. Each check maps to one best practice (its ``bp_id``). A best practice is *met* when its assessed
   checks pass, *unmet* when one fails, *accepted* when every failure is under a waiver in force,
   *not assessed* when its applicable checks are all UNKNOWN. NOT_APPLICABLE checks are left out.
2. A question's risk is the framework's risk level of its worst unmet (or accepted) best practice:
   high, medium, or low (the Tool shows no low risks; we keep them, lighter). An accepted risk is
   still a risk: it is shown with its waiver and costs the same as an open one.
3. Pillar score over its assessed questions: ``1 + 4 x mean(credit)`` with credit 1 for no risk,
   0.75 low, 0.5 medium, 0 high, then capped by the worst risk (high 3.5, medium 4.5) and rounded
   down to one decimal. Questions not assessed lower the confidence, not the score.
4. Confidence = assessed best practices and evidenced decision rows / applicable ones.
5. Overall = mean of the pillars rounded down, shown beside the lowest pillar.

Severity orders findings and gaps; it does not set a risk level: the framework does.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from coattail.review.checks._wa_catalog import bp_risk, bp_title, question_of, question_title
from coattail.review.model import (
    CheckResult,
    DecisionResult,
    Pillar,
    PillarScore,
    PracticeResult,
    PracticeStatus,
    QuestionResult,
    Risk,
    Scores,
    Status,
)

RUBRIC_ID = "ctc-wa-2"

RISK_ORDER: tuple[Risk, ...] = (Risk.HIGH, Risk.MEDIUM, Risk.LOW, Risk.NONE)
CREDIT: dict[Risk, float] = {Risk.NONE: 1.0, Risk.LOW: 0.75, Risk.MEDIUM: 0.5, Risk.HIGH: 0.0}
CAP: dict[Risk, float] = {Risk.HIGH: 3.5, Risk.MEDIUM: 4.5, Risk.LOW: 5.0, Risk.NONE: 5.0}


def round_half_up(value: float, places: int = 1) -> float:
    quantum = Decimal(1).scaleb(-places)
    return float(Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def round_down(value: float, places: int = 1) -> float:
    """Truncate to ``places`` decimals (4.97 -> 4.9): a score never rounds up into a better band."""
    exact = Decimal(str(value)).quantize(Decimal("1e-9"), rounding=ROUND_HALF_UP)
    return float(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN))


def accepted(check: CheckResult) -> bool:
    """A FAIL check whose every failing finding is covered by a waiver in force."""
    return check.status == Status.FAIL and check.waived


def judge_practice(bp_id: str, checks: Sequence[CheckResult]) -> PracticeResult | None:
    """None when every check of the practice is NOT_APPLICABLE (the practice does not apply)."""
    applicable = [c for c in checks if c.status != Status.NOT_APPLICABLE]
    if not applicable:
        return None
    failing = [c for c in applicable if c.status == Status.FAIL]
    if any(not accepted(c) for c in failing):
        status = PracticeStatus.UNMET
    elif failing:
        status = PracticeStatus.ACCEPTED
    elif any(c.status == Status.PASS for c in applicable):
        status = PracticeStatus.MET
    else:
        status = PracticeStatus.NOT_ASSESSED
    return PracticeResult(
        id=bp_id,
        title=bp_title(bp_id),
        level=Risk(bp_risk(bp_id)),
        status=status,
        check_ids=tuple(sorted(c.meta.id for c in applicable)),
        failing_check_ids=tuple(sorted(c.meta.id for c in failing)),
        waivers=tuple(sorted({f.waived_by for c in failing for f in c.findings if f.waived_by})),
    )


def judge_question(question_id: str, practices: Sequence[PracticeResult]) -> QuestionResult:
    unmet = [p for p in practices if p.status in (PracticeStatus.UNMET, PracticeStatus.ACCEPTED)]
    assessed = [p for p in practices if p.status != PracticeStatus.NOT_ASSESSED]
    if unmet:
        risk = min((p.level for p in unmet), key=RISK_ORDER.index)
    else:
        risk = Risk.NONE if assessed else Risk.NOT_ASSESSED
    return QuestionResult(
        id=question_id,
        title=question_title(question_id),
        risk=risk,
        accepted=bool(unmet) and all(p.status == PracticeStatus.ACCEPTED for p in unmet),
        practices=tuple(sorted(practices, key=lambda p: p.id)),
    )


def judge_questions(checks: Iterable[CheckResult]) -> list[QuestionResult]:
    by_practice: dict[str, list[CheckResult]] = defaultdict(list)
    for c in checks:
        by_practice[c.meta.bp_id].append(c)
    by_question: dict[str, list[PracticeResult]] = defaultdict(list)
    for bp_id in sorted(by_practice):
        practice = judge_practice(bp_id, by_practice[bp_id])
        if practice is not None:
            by_question[question_of(bp_id)].append(practice)
    return [judge_question(q, by_question[q]) for q in sorted(by_question)]


def worst_risk(questions: Iterable[QuestionResult]) -> Risk:
    risks = [q.risk for q in questions if q.risk != Risk.NOT_ASSESSED]
    return min(risks, key=RISK_ORDER.index) if risks else Risk.NOT_ASSESSED


def pillar_value(questions: Sequence[QuestionResult]) -> float:
    """1 + 4 x mean credit over the assessed questions, capped by the worst risk; 1.0 if none assessed."""
    assessed = [q for q in questions if q.risk != Risk.NOT_ASSESSED]
    if not assessed:
        return 1.0
    raw = 1 + 4 * sum(CREDIT[q.risk] for q in assessed) / len(assessed)
    return round_down(min(raw, CAP[worst_risk(assessed)]))


def _titles(practices: Sequence[PracticeResult], most: int = 3) -> str:
    names = [p.title for p in practices]
    shown = names[:most] + ([f"{len(names) - most} more"] if len(names) > most else [])
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"


def key_gap(questions: Sequence[QuestionResult], titles: dict[str, str]) -> str:
    """The worst risk, open before accepted, written as a sentence; else what was not assessed."""
    at_risk = [q for q in questions if q.risk in (Risk.HIGH, Risk.MEDIUM, Risk.LOW)]
    if not at_risk:
        unassessed = [q for q in questions if q.risk == Risk.NOT_ASSESSED]
        if unassessed:
            return f"No risk found; not assessed: {unassessed[0].id} {unassessed[0].title}"
        return "No risk found"
    q = min(at_risk, key=lambda q: (RISK_ORDER.index(q.risk), q.accepted, q.id))
    unmet = [p for p in q.practices if p.status in (PracticeStatus.UNMET, PracticeStatus.ACCEPTED)]
    worst = [p for p in unmet if p.level == q.risk]
    failing = sorted({cid for p in worst for cid in p.failing_check_ids})
    waivers = sorted({w for p in worst for w in p.waivers})
    state = f"accepted under waiver {', '.join(waivers)}" if q.accepted else "open"
    because = "; ".join(titles.get(cid, cid) for cid in failing)
    return (
        f"{q.risk.value.capitalize()} risk ({state}) in {q.id} \u201c{q.title}\u201d: "
        f"{_titles(worst)} not established \u2014 failing: {because}"
    )


def key_strength(questions: Sequence[QuestionResult]) -> str:
    """The question without risk that meets the most high-level practices, then the most practices."""
    clean = [q for q in questions if q.risk == Risk.NONE]
    if not clean:
        return "No question is free of risk"

    def rank(q: QuestionResult) -> tuple[int, int, int, str]:
        met = [p for p in q.practices if p.status == PracticeStatus.MET]
        checks = sum(len(p.check_ids) for p in met)
        return (-sum(1 for p in met if p.level == Risk.HIGH), -len(met), -checks, q.id)

    q = min(clean, key=rank)
    met = [p for p in q.practices if p.status == PracticeStatus.MET]
    checks = sum(len(p.check_ids) for p in met)
    return (
        f"{q.id} \u201c{q.title}\u201d: {_titles(met)} established "
        f"({checks} passing check{'s' if checks != 1 else ''})"
    )


def confidence(questions: Sequence[QuestionResult], decisions: Sequence[DecisionResult]) -> float:
    practices = [p for q in questions for p in q.practices]
    assessed = sum(1 for p in practices if p.status != PracticeStatus.NOT_ASSESSED)
    evidenced = sum(1 for d in decisions if d.status in (Status.PASS, Status.FAIL))
    total = len(practices) + len(decisions)
    return round_half_up((assessed + evidenced) / total, 2) if total else 0.0


def score_pillar(
    pillar: Pillar, checks: Sequence[CheckResult], decisions: Sequence[DecisionResult] = ()
) -> PillarScore:
    mine = [c for c in checks if c.meta.pillar == pillar]
    questions = judge_questions(mine)
    at_risk = [q for q in questions if q.risk in (Risk.HIGH, Risk.MEDIUM)]
    return PillarScore(
        pillar=pillar,
        score=pillar_value(questions),
        passed=sum(1 for c in mine if c.status == Status.PASS),
        failed=sum(1 for c in mine if c.status == Status.FAIL and not accepted(c)),
        unknown=sum(1 for c in mine if c.status == Status.UNKNOWN),
        waived=sum(1 for c in mine if accepted(c)),
        not_applicable=sum(1 for c in mine if c.status == Status.NOT_APPLICABLE),
        confidence=confidence(questions, [d for d in decisions if d.pillar == pillar]),
        key_strength=key_strength(questions),
        key_gap=key_gap(questions, {c.meta.id: c.meta.title for c in mine}),
        high_risks=sum(1 for q in at_risk if q.risk == Risk.HIGH),
        medium_risks=sum(1 for q in at_risk if q.risk == Risk.MEDIUM),
        accepted_risks=sum(1 for q in at_risk if q.accepted),
        questions=tuple(questions),
    )


def score(checks: Sequence[CheckResult], decisions: Sequence[DecisionResult] = ()) -> Scores:
    pillars = tuple(score_pillar(p, checks, decisions) for p in Pillar)
    lowest = min(pillars, key=lambda p: (p.score, list(Pillar).index(p.pillar)))
    return Scores(
        pillars=pillars,
        overall=round_down(sum(p.score for p in pillars) / len(pillars)),
        confidence=round_half_up(sum(p.confidence for p in pillars) / len(pillars), 2),
        rubric=RUBRIC_ID,
        lowest_pillar=lowest.pillar,
        lowest_score=lowest.score,
    )
