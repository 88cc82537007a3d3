"""What changed between two review results: score deltas, newly failing and newly passing findings.

A finding is identified by ``(check id, resource id)``. It *fails* when its status is FAIL and it is
not covered by a waiver that is still in force (an expired waiver stops counting, see the model).
A failing resource the baseline did not list counts as newly failing only when its check passed
in the baseline (resource ids can change between tool versions; a check that already failed
stays a known failure), and a failing resource that disappeared counts as fixed only when its
check no longer fails.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from coattail.review.model import CheckResult, Finding, Pillar, ReviewResults, Severity, Status

FindingKey = tuple[str, str]


@dataclass(frozen=True)
class ScoreDelta:
    """One pillar's (or the overall) score before and after."""

    name: str
    pillar: Pillar | None
    before: float | None
    after: float | None

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return round(self.after - self.before, 2)


@dataclass(frozen=True)
class FindingChange:
    """A finding whose verdict changed (or that appeared) between baseline and current."""

    check_id: str
    check_title: str
    pillar: Pillar
    severity: Severity
    resource_id: str
    before: str
    after: str
    message: str


@dataclass(frozen=True)
class ResultsDiff:
    scores: tuple[ScoreDelta, ...]
    newly_failing: tuple[FindingChange, ...]
    newly_passing: tuple[FindingChange, ...]
    new_checks: tuple[str, ...] = field(default=())
    removed_checks: tuple[str, ...] = field(default=())

    @property
    def overall(self) -> ScoreDelta:
        return next(s for s in self.scores if s.pillar is None)


def expired_waiver_ids(results: ReviewResults) -> frozenset[str]:
    return frozenset(w.waiver.id for w in results.waivers if w.expired)


def finding_fails(finding: Finding, expired: frozenset[str]) -> bool:
    """FAIL and not covered by a waiver in force."""
    if finding.status != Status.FAIL:
        return False
    return finding.waived_by is None or finding.waived_by in expired


def verdicts(results: ReviewResults) -> dict[FindingKey, tuple[CheckResult, Finding, str]]:
    """``(check id, resource) -> (check, finding, verdict)``; verdict is a Status or ``WAIVED``."""
    expired = expired_waiver_ids(results)
    out: dict[FindingKey, tuple[CheckResult, Finding, str]] = {}
    for check in results.checks:
        for finding in check.findings:
            if finding.status == Status.FAIL and not finding_fails(finding, expired):
                verdict = "WAIVED"
            else:
                verdict = str(finding.status)
            key = (check.meta.id, finding.resource_id)
            # Several sources may report the same resource: a failure anywhere wins.
            if key not in out or verdict == Status.FAIL:
                out[key] = (check, finding, verdict)
    return out


def _score_map(results: ReviewResults) -> dict[Pillar, float]:
    return {p.pillar: p.score for p in results.scores.pillars}


def compare(current: ReviewResults, baseline: ReviewResults) -> ResultsDiff:
    """Compare ``current`` against ``baseline`` (the older, accepted results)."""
    before_scores, after_scores = _score_map(baseline), _score_map(current)
    scores = [
        ScoreDelta(p.title, p, before_scores.get(p), after_scores.get(p))
        for p in Pillar
        if p in before_scores or p in after_scores
    ]
    scores.append(ScoreDelta("Overall", None, baseline.scores.overall, current.scores.overall))

    old, new = verdicts(baseline), verdicts(current)
    old_checks = {c.meta.id: c for c in baseline.checks}
    new_checks = {c.meta.id: c for c in current.checks}
    failing: list[FindingChange] = []
    passing: list[FindingChange] = []
    failed_before = {cid for (cid, _r), (_c, _f, v) in old.items() if v == Status.FAIL}
    failing_now = {cid for (cid, _r), (_c, _f, v) in new.items() if v == Status.FAIL}
    for key, (check, finding, verdict) in new.items():
        before = old[key][2] if key in old else ("ABSENT" if key[0] in old_checks else None)
        if before is None:  # a check the baseline did not run: reported as a new check, not a change
            continue
        if before == "ABSENT" and key[0] in failed_before:
            # a resource the baseline did not list, for a check that already failed there: an id that
            # changed between versions looks the same, so only checks that passed count it
            continue
        change = FindingChange(
            check.meta.id,
            check.meta.title,
            check.meta.pillar,
            check.meta.severity,
            finding.resource_id,
            before,
            verdict,
            finding.message,
        )
        if verdict == Status.FAIL and before != Status.FAIL:
            failing.append(change)
        elif before == Status.FAIL and verdict == Status.PASS:
            passing.append(change)
    for key, (check, finding, verdict) in old.items():
        # the failing resource is gone and the check still runs: that counts as fixed
        gone = (
            key not in new
            and key[0] in new_checks
            and new_checks[key[0]].status != Status.UNKNOWN
            and key[0] not in failing_now
        )
        if verdict == Status.FAIL and gone:
            passing.append(
                FindingChange(
                    check.meta.id,
                    check.meta.title,
                    check.meta.pillar,
                    check.meta.severity,
                    finding.resource_id,
                    verdict,
                    "ABSENT",
                    "resource no longer present",
                )
            )
    # A check failing as a whole without per-resource findings still counts.
    flagged = {c.check_id for c in failing}
    for cid, check in new_checks.items():
        prior = old_checks.get(cid)
        if (
            check.status == Status.FAIL
            and not check.waived
            and cid not in flagged
            and prior is not None
            and prior.status != Status.FAIL
            and not any(f.status == Status.FAIL for f in check.findings)
        ):
            failing.append(
                FindingChange(
                    cid,
                    check.meta.title,
                    check.meta.pillar,
                    check.meta.severity,
                    "*",
                    str(prior.status),
                    str(check.status),
                    check.meta.title,
                )
            )
    order = {s: i for i, s in enumerate(Severity)}
    sort_key = lambda c: (order[c.severity], c.pillar, c.check_id, c.resource_id)  # noqa: E731
    return ResultsDiff(
        scores=tuple(scores),
        newly_failing=tuple(sorted(failing, key=sort_key)),
        newly_passing=tuple(sorted(passing, key=sort_key)),
        new_checks=tuple(sorted(set(new_checks) - set(old_checks))),
        removed_checks=tuple(sorted(set(old_checks) - set(new_checks))),
    )
