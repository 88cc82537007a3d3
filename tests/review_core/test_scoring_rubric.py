"""The scoring rubric with hand-computed expectations (docs/SCORING.md)."""

from __future__ import annotations

from coattail.review.model import Pillar, Severity, Status
from coattail.review.scoring import RUBRIC_ID, round_half_up, score, score_pillar

P, F, U, NA = Status.PASS, Status.FAIL, Status.UNKNOWN, Status.NOT_APPLICABLE


def test_severity_weighted_pillar_score(result) -> None:
    checks = [
        result("crit_pass", P, severity=Severity.CRITICAL),  # 10 earned
        result("high_fail", P, F, severity=Severity.HIGH),  # 5 lost
        result("med_pass", P, severity=Severity.MEDIUM),  # 3 earned
        result("low_fail", F, severity=Severity.LOW),  # 1 lost
        result("info_fail", F, severity=Severity.INFO),  # 0
    ]
    s = score_pillar(Pillar.SECURITY, checks)
    # earned 13 of 19 -> 1 + 4 * 13/19 = 3.7368 -> 3.7
    assert s.score == 3.7
    assert (s.passed, s.failed, s.unknown, s.waived, s.not_applicable) == (2, 3, 0, 0, 0)
    assert s.confidence == 1.0
    assert s.key_strength == "Title of crit_pass"
    assert s.key_gap == "Title of high_fail"


def test_unknown_lowers_confidence_not_score_and_na_is_ignored(result) -> None:
    checks = [
        result("a_pass", P, severity=Severity.HIGH),  # 5 earned of 5
        result("b_unknown", U, P, severity=Severity.MEDIUM),  # pass + unknown -> UNKNOWN, 3 unassessed
        result("c_na", NA, severity=Severity.CRITICAL),
        result("d_empty", severity=Severity.CRITICAL),  # no findings -> N/A
    ]
    s = score_pillar(Pillar.SECURITY, checks)
    assert s.score == 5.0
    assert s.unknown == 1 and s.not_applicable == 2
    assert s.confidence == round_half_up(5 / 8, 2) == 0.63
    assert s.key_gap == "Not assessed: Title of b_unknown"


def test_waived_failure_counts_as_accepted_and_expired_counts_as_failure(result) -> None:
    waived = [result("a_pass", P), result("b_fail", F, waived=True)]
    s = score_pillar(Pillar.SECURITY, waived)
    assert s.score == 5.0 and s.waived == 1 and s.failed == 0
    unwaived = [result("a_pass", P), result("b_fail", F, waived=False)]
    s2 = score_pillar(Pillar.SECURITY, unwaived)
    assert s2.score == 3.0 and s2.failed == 1  # 1 + 4 * 5/10


def test_overall_is_mean_of_pillars_and_empty_pillars_score_one(result) -> None:
    checks = [
        result("s", F, pillar=Pillar.SECURITY),
        result("r", P, pillar=Pillar.RELIABILITY),
        result("o", U, pillar=Pillar.OPERATIONAL_EXCELLENCE),
    ]
    scores = score(checks)
    by = {p.pillar: p for p in scores.pillars}
    assert by[Pillar.SECURITY].score == 1.0 and by[Pillar.RELIABILITY].score == 5.0
    assert (
        by[Pillar.OPERATIONAL_EXCELLENCE].score == 1.0 and by[Pillar.OPERATIONAL_EXCELLENCE].confidence == 0.0
    )
    assert by[Pillar.OPERATIONAL_EXCELLENCE].key_gap == "Not assessed: Title of o"
    # (1 + 5 + 1 + 1 + 1 + 1) / 6 = 1.666 -> 1.7
    assert scores.overall == 1.7
    assert scores.rubric == RUBRIC_ID
    # confidences: security 1, reliability 1, others 0 -> 2/6 = 0.33
    assert scores.confidence == 0.33


def test_round_half_up() -> None:
    assert round_half_up(2.25) == 2.3
    assert round_half_up(2.35) == 2.4
    assert round_half_up(0.625, 2) == 0.63
