"""What a newly failing check must do to its pillar under the ctc-wa-2 rubric (docs/SCORING.md).

The check's question is at risk, at least at its best practice's level. If that question was free
of risk before, the pillar score drops; if it already carried a risk (another practice of the same
question unmet), the score does not rise: the Well-Architected model counts risk per question.
"""

from __future__ import annotations

from coattail.review.checks._wa_catalog import bp_risk, question_of
from coattail.review.model import PillarScore, ReviewResults, Risk
from coattail.review.scoring import RISK_ORDER


def _pillar_and_risk(results: ReviewResults, check_id: str) -> tuple[PillarScore, Risk]:
    meta = next(r.meta for r in results.checks if r.meta.id == check_id)
    pillar = next(p for p in results.scores.pillars if p.pillar == meta.pillar)
    question = question_of(meta.bp_id)
    risk = next((q.risk for q in pillar.questions if q.id == question), Risk.NOT_ASSESSED)
    return pillar, risk


def assert_failure_costs_score(holds: ReviewResults, broken: ReviewResults, check_id: str) -> None:
    meta = next(r.meta for r in holds.checks if r.meta.id == check_id)
    before, risk_before = _pillar_and_risk(holds, check_id)
    after, risk_after = _pillar_and_risk(broken, check_id)
    level = Risk(bp_risk(meta.bp_id))
    assert risk_after in RISK_ORDER and RISK_ORDER.index(risk_after) <= RISK_ORDER.index(level), (
        f"{check_id}: question {question_of(meta.bp_id)} risk {risk_after}, expected at least {level}"
    )
    if risk_before in (Risk.NONE, Risk.NOT_ASSESSED):
        assert after.score < before.score, f"{check_id}: {meta.pillar} score {before.score} -> {after.score}"
    else:
        assert after.score <= before.score, f"{check_id}: {meta.pillar} score {before.score} -> {after.score}"
