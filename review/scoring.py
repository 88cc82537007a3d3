"""The scoring rubric ``ctc-wa-1``: check results -> a 1-5 score per pillar and overall.

Deterministic and documented in docs/SCORING.md. In short, per pillar:

* every check has a weight from its severity (critical 10, high 5, medium 3, low 1, info 0);
* NOT_APPLICABLE checks are left out; UNKNOWN checks are left out of the score but their weight
  lowers the pillar's *confidence* (assessed weight / applicable weight);
* a PASS check earns its weight; a FAIL check whose every failing finding is covered by a waiver
  in force earns it too (accepted risk, counted in ``waived``); any other FAIL earns nothing;
* score = 1 + 4 x earned / assessed weight, rounded half-up to one decimal (no assessed weight:
  the unweighted share of passing checks; nothing assessed at all: 1.0 with confidence 0);
* overall = mean of the six pillar scores (one decimal); overall confidence = mean of the
  pillar confidences.

Key strength / key gap: the title of the heaviest passing / failing check (ties broken by
number of findings, then check id).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

from coattail.review.model import CheckResult, Pillar, PillarScore, Scores, Severity, Status

RUBRIC_ID = "ctc-wa-1"

SEVERITY_WEIGHTS: dict[Severity, int] = {
    Severity.CRITICAL: 10,
    Severity.HIGH: 5,
    Severity.MEDIUM: 3,
    Severity.LOW: 1,
    Severity.INFO: 0,
}


def round_half_up(value: float, places: int = 1) -> float:
    quantum = Decimal(1).scaleb(-places)
    return float(Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def weight(check: CheckResult) -> int:
    return SEVERITY_WEIGHTS[check.meta.severity]


def accepted(check: CheckResult) -> bool:
    """A FAIL check whose every failing finding is covered by a waiver in force."""
    return check.status == Status.FAIL and check.waived


def earns(check: CheckResult) -> bool:
    return check.status == Status.PASS or accepted(check)


def _heaviest(checks: Iterable[CheckResult]) -> CheckResult | None:
    ordered = sorted(checks, key=lambda c: (-weight(c), -len(c.findings), c.meta.id))
    return ordered[0] if ordered else None


def score_pillar(pillar: Pillar, checks: Sequence[CheckResult]) -> PillarScore:
    mine = [c for c in checks if c.meta.pillar == pillar]
    decided = [c for c in mine if c.status in (Status.PASS, Status.FAIL)]
    unknown = [c for c in mine if c.status == Status.UNKNOWN]
    earning = [c for c in decided if earns(c)]
    failing = [c for c in decided if not earns(c)]

    decided_weight = sum(weight(c) for c in decided)
    if decided_weight:
        ratio = sum(weight(c) for c in earning) / decided_weight
    else:
        ratio = len(earning) / len(decided) if decided else 0.0
    applicable_weight = decided_weight + sum(weight(c) for c in unknown)
    if applicable_weight:
        confidence = decided_weight / applicable_weight
    else:
        confidence = len(decided) / (len(decided) + len(unknown)) if decided or unknown else 0.0

    strength = _heaviest(c for c in earning if c.status == Status.PASS)
    gap = _heaviest(failing)
    if gap is not None:
        key_gap = gap.meta.title
    elif unknown:
        key_gap = f"Not assessed: {_heaviest(unknown).meta.title}"  # type: ignore[union-attr]
    else:
        key_gap = "No failing check"
    return PillarScore(
        pillar=pillar,
        score=round_half_up(1 + 4 * ratio) if decided else 1.0,
        passed=sum(1 for c in decided if c.status == Status.PASS),
        failed=len(failing),
        unknown=len(unknown),
        waived=sum(1 for c in decided if accepted(c)),
        not_applicable=sum(1 for c in mine if c.status == Status.NOT_APPLICABLE),
        confidence=round_half_up(confidence, 2),
        key_strength=strength.meta.title if strength else "No passing check",
        key_gap=key_gap,
    )


def score(checks: Sequence[CheckResult]) -> Scores:
    pillars = tuple(score_pillar(p, checks) for p in Pillar)
    overall = round_half_up(sum(p.score for p in pillars) / len(pillars))
    confidence = round_half_up(sum(p.confidence for p in pillars) / len(pillars), 2)
    return Scores(pillars=pillars, overall=overall, confidence=confidence, rubric=RUBRIC_ID)
