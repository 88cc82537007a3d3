"""The CI regression gate: compare results with an accepted baseline and with minimum scores.

``evaluate_gate`` is pure (two ``ReviewResults`` in, a ``GateReport`` out); the CLI decides the
exit code from ``GateReport.breached`` (1 when breached) and prints ``GateReport.messages``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from coattail.review.model import Pillar, ReviewResults
from coattail.review.reports.compare import FindingChange, ResultsDiff, ScoreDelta, compare

OVERALL = "overall"
MinScoreKey = str | Pillar


@dataclass(frozen=True)
class Regression:
    """A pillar score that dropped, or a finding that passed in the baseline and now fails."""

    kind: str  # "score" | "check"
    pillar: Pillar | None
    message: str
    check_id: str | None = None
    resource_id: str | None = None
    before: str | float | None = None
    after: str | float | None = None


@dataclass(frozen=True)
class ThresholdBreach:
    name: str  # a pillar value or "overall"
    minimum: float
    actual: float

    @property
    def message(self) -> str:
        return f"{_label(self.name)} score {self.actual:.1f} is below the minimum {self.minimum:.1f}"


@dataclass(frozen=True)
class GateReport:
    breached: bool
    regressions: tuple[Regression, ...] = ()
    improvements: tuple[str, ...] = ()
    threshold_breaches: tuple[ThresholdBreach, ...] = ()
    messages: tuple[str, ...] = ()
    diff: ResultsDiff | None = field(default=None, compare=False)


def _label(name: str) -> str:
    return "Overall" if name == OVERALL else Pillar(name).title


def normalise_min_scores(min_scores: Mapping[MinScoreKey, float] | None) -> dict[str, float]:
    """Keys may be a Pillar, its value (``security``), its title (``Security``) or ``overall``."""
    out: dict[str, float] = {}
    by_title = {p.title.lower(): p.value for p in Pillar}
    for key, value in (min_scores or {}).items():
        raw = str(key.value if isinstance(key, Pillar) else key).strip().lower()
        name = raw if raw == OVERALL or raw in {p.value for p in Pillar} else by_title.get(raw)
        name = name or by_title.get(raw.replace("_", " "))
        if name is None:
            choices = ", ".join([OVERALL, *(p.value for p in Pillar)])
            raise ValueError(f"unknown --min-score key {key!r}: use one of {choices}")
        score = float(value)
        if not 1 <= score <= 5:
            raise ValueError(f"--min-score {key}={value}: the minimum must be between 1 and 5")
        out[name] = score
    return out


def parse_min_scores(values: Iterable[str]) -> dict[str, float]:
    """Parse CLI values ``overall=4`` / ``security=3.5``; a bare number means overall."""
    raw: dict[str, float] = {}
    for item in values:
        name, sep, number = item.partition("=")
        if not sep:
            name, number = OVERALL, item
        try:
            raw[name.strip()] = float(number)
        except ValueError:
            raise ValueError(f"--min-score {item!r}: expected NAME=NUMBER such as security=3.5") from None
    return normalise_min_scores(raw)


def _score_regression(s: ScoreDelta) -> Regression:
    return Regression(
        "score",
        s.pillar,
        f"{s.name} score dropped from {s.before:.1f} to {s.after:.1f}",
        before=s.before,
        after=s.after,
    )


def _check_regression(c: FindingChange) -> Regression:
    was = "absent" if c.before == "ABSENT" else c.before
    return Regression(
        "check",
        c.pillar,
        f"{c.check_id} ({c.severity}) now fails on {c.resource_id} (was {was}): {c.message}",
        check_id=c.check_id,
        resource_id=c.resource_id,
        before=c.before,
        after=c.after,
    )


def evaluate_gate(
    current: ReviewResults,
    baseline: ReviewResults | None,
    *,
    fail_on_regression: bool = True,
    min_scores: Mapping[MinScoreKey, float] | None = None,
) -> GateReport:
    """Regressions against ``baseline`` (when given) and breaches of ``min_scores``."""
    regressions: list[Regression] = []
    improvements: list[str] = []
    diff: ResultsDiff | None = None
    notes: list[str] = []
    if baseline is not None:
        diff = compare(current, baseline)
        same_rubric = baseline.scores.rubric == current.scores.rubric
        if not same_rubric:
            notes.append(
                f"Scores not compared: the baseline was scored with rubric {baseline.scores.rubric}, "
                f"this run with {current.scores.rubric} (docs/SCORING.md); check verdicts are still "
                "compared. Refresh the baseline to compare scores again."
            )
        for s in diff.scores if same_rubric else ():
            if s.delta is not None and s.delta < 0:
                regressions.append(_score_regression(s))
            elif s.delta is not None and s.delta > 0:
                improvements.append(f"{s.name} score rose from {s.before:.1f} to {s.after:.1f}")
        regressions.extend(_check_regression(c) for c in diff.newly_failing)
        improvements.extend(f"{c.check_id} now passes on {c.resource_id}" for c in diff.newly_passing)

    scores = {p.pillar.value: p.score for p in current.scores.pillars}
    scores[OVERALL] = current.scores.overall
    breaches = []
    for name, minimum in normalise_min_scores(min_scores).items():
        actual = scores.get(name)
        if actual is not None and actual < minimum:
            breaches.append(ThresholdBreach(name, minimum, actual))

    breached = bool(breaches) or (fail_on_regression and bool(regressions))
    messages = [f"REGRESSION: {r.message}" for r in regressions]
    messages += [f"THRESHOLD: {b.message}" for b in breaches]
    messages += notes
    if baseline is not None and not regressions:
        messages.append("No regression against the baseline.")
    if regressions and not fail_on_regression:
        messages.append("Regressions found; not failing because --fail-on-regression is off.")
    return GateReport(
        breached=breached,
        regressions=tuple(regressions),
        improvements=tuple(improvements),
        threshold_breaches=tuple(breaches),
        messages=tuple(messages),
        diff=diff,
    )
