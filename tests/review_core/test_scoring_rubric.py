"""The scoring rubric ctc-wa-2 with hand-computed expectations (docs/SCORING.md).

Risk levels come from the framework catalog: SEC08-BP02, SEC04-BP01, SEC03-BP02, SEC09-BP02 are
high; SEC05-BP03 and OPS08-BP01 medium; SEC03-BP07 low.
"""

from __future__ import annotations

import pytest

from coattail.review.model import Pillar, PracticeStatus, Risk, Severity, Status
from coattail.review.scoring import RUBRIC_ID, round_down, round_half_up, score, score_pillar

P, F, U, NA = Status.PASS, Status.FAIL, Status.UNKNOWN, Status.NOT_APPLICABLE


def test_question_risk_is_the_level_of_its_worst_unmet_practice(result) -> None:
    checks = [
        result("enc", P, bp="SEC08-BP02"),
        result("waf", F, bp="SEC05-BP03", severity=Severity.CRITICAL),  # medium practice
        result("trail", P, bp="SEC04-BP01"),
        result("roles", P, bp="SEC03-BP02"),
    ]
    s = score_pillar(Pillar.SECURITY, checks)
    risks = {q.id: q.risk for q in s.questions}
    # Severity does not set the risk: a critical check on a medium practice is a medium risk.
    assert risks == {"SEC03": Risk.NONE, "SEC04": Risk.NONE, "SEC05": Risk.MEDIUM, "SEC08": Risk.NONE}
    # credits 1 + 1 + 0.5 + 1 over 4 questions -> 1 + 4 x 3.5/4 = 4.5; medium cap 4.5
    assert s.score == 4.5
    assert (s.high_risks, s.medium_risks, s.accepted_risks) == (0, 1, 0)
    assert s.key_gap.startswith("Medium risk (open) in SEC05")
    assert "Implement inspection-based protection not established" in s.key_gap
    assert s.key_gap.endswith("failing: Title of waf")


def test_raw_score_below_the_cap_is_kept(result) -> None:
    checks = [result("a", P, bp="SEC08-BP02"), result("b", F, bp="SEC05-BP03")]
    # 1 + 4 x (1 + 0.5)/2 = 4.0 < cap 4.5
    assert score_pillar(Pillar.SECURITY, checks).score == 4.0


def test_one_high_risk_caps_the_pillar_below_four(result) -> None:
    passing = [
        result(f"p{i}", P, bp=bp)
        for i, bp in enumerate(
            [
                "SEC02-BP01",
                "SEC03-BP02",
                "SEC05-BP01",
                "SEC06-BP02",
                "SEC07-BP02",
                "SEC08-BP02",
                "SEC09-BP02",
                "SEC11-BP06",
                "SEC01-BP06",
            ]
        )
    ]
    s = score_pillar(Pillar.SECURITY, [*passing, result("trail", F, bp="SEC04-BP01")])
    # raw 1 + 4 x 9/10 = 4.6, capped at 3.5 by the high risk
    assert s.score == 3.5 and s.high_risks == 1
    assert s.key_gap.startswith("High risk (open) in SEC04")


def test_an_accepted_risk_costs_as_much_as_an_open_one(result) -> None:
    open_risk = score_pillar(Pillar.SECURITY, [result("a", P), result("b", F, bp="SEC04-BP01")])
    accepted = score_pillar(Pillar.SECURITY, [result("a", P), result("b", F, bp="SEC04-BP01", waived=True)])
    # 1 + 4 x 1/2 = 3.0 either way
    assert open_risk.score == accepted.score == 3.0
    assert (accepted.waived, accepted.failed, accepted.accepted_risks, accepted.high_risks) == (1, 0, 1, 1)
    assert (open_risk.waived, open_risk.failed, open_risk.accepted_risks) == (0, 1, 0)
    assert "(accepted under waiver w)" in accepted.key_gap and "(open)" in open_risk.key_gap
    practice = next(q for q in accepted.questions if q.id == "SEC04").practices[0]
    assert practice.status == PracticeStatus.ACCEPTED and practice.waivers == ("w",)


def test_open_gap_is_shown_before_an_accepted_one_of_the_same_level(result) -> None:
    s = score_pillar(
        Pillar.SECURITY,
        [result("a", F, bp="SEC03-BP02", waived=True), result("b", F, bp="SEC08-BP02")],
    )
    assert s.key_gap.startswith("High risk (open) in SEC08")


def test_low_risk_lowers_the_score_without_a_cap(result) -> None:
    s = score_pillar(
        Pillar.SECURITY, [result("a", P), result("b", P, bp="SEC04-BP01"), result("c", F, bp="SEC03-BP07")]
    )
    # credits 1 + 1 + 0.75 over 3 -> 1 + 4 x 2.75/3 = 4.666 -> rounded down 4.6
    assert s.score == 4.6
    assert (s.high_risks, s.medium_risks) == (0, 0)
    assert s.key_gap.startswith("Low risk (open) in SEC03")


def test_unknown_lowers_confidence_not_score_and_na_is_ignored(result) -> None:
    checks = [
        result("a_pass", P, bp="SEC08-BP02"),
        result("b_unknown", U, P, bp="SEC04-BP01"),  # pass + unknown -> UNKNOWN: practice not assessed
        result("c_na", NA, bp="SEC05-BP03"),
        result("d_empty", bp="SEC09-BP02"),  # no findings -> N/A
    ]
    s = score_pillar(Pillar.SECURITY, checks)
    assert s.score == 5.0
    assert s.unknown == 1 and s.not_applicable == 2
    assert {q.id: q.risk for q in s.questions} == {"SEC04": Risk.NOT_ASSESSED, "SEC08": Risk.NONE}
    assert s.confidence == 0.5  # 1 of 2 applicable practices assessed
    assert s.key_gap.startswith("No risk found; not assessed: SEC04")


def test_a_practice_with_a_pass_and_a_failure_is_unmet(result) -> None:
    s = score_pillar(Pillar.SECURITY, [result("a", P, bp="SEC08-BP02"), result("b", F, bp="SEC08-BP02")])
    assert s.score == 1.0 and s.high_risks == 1


def test_key_strength_names_the_question_with_most_high_level_practices_met(result) -> None:
    s = score_pillar(
        Pillar.SECURITY,
        [
            result("k", P, bp="SEC08-BP01"),
            result("e", P, bp="SEC08-BP02"),
            result("t", P, bp="SEC04-BP01"),
            result("w", P, bp="SEC05-BP03"),
        ],
    )
    assert s.key_strength == (
        "SEC08 \u201cHow do you protect your data at rest?\u201d: Implement secure key management and "
        "Enforce encryption at rest established (2 passing checks)"
    )


def test_overall_is_the_mean_rounded_down_beside_the_lowest_pillar(result) -> None:
    checks = [
        result("s", F, pillar=Pillar.SECURITY),
        result("r", P, pillar=Pillar.RELIABILITY),
        result("o", U, pillar=Pillar.OPERATIONAL_EXCELLENCE),
    ]
    scores = score(checks)
    by = {p.pillar: p for p in scores.pillars}
    assert by[Pillar.SECURITY].score == 1.0 and by[Pillar.RELIABILITY].score == 5.0
    assert by[Pillar.OPERATIONAL_EXCELLENCE].score == 1.0
    assert by[Pillar.OPERATIONAL_EXCELLENCE].confidence == 0.0
    # (1 + 1 + 5 + 1 + 1 + 1) / 6 = 1.666 -> 1.6 (never rounded up)
    assert scores.overall == 1.6
    assert scores.rubric == RUBRIC_ID == "ctc-wa-2"
    assert scores.lowest_pillar == Pillar.OPERATIONAL_EXCELLENCE and scores.lowest_score == 1.0
    # confidences: security 1, reliability 1, others 0 -> 2/6 = 0.33
    assert scores.confidence == 0.33


def test_a_near_perfect_mean_is_not_rounded_to_five(result) -> None:
    checks = [result(f"p{p.value}", P, pillar=p) for p in Pillar if p != Pillar.SECURITY]
    checks += [
        result("a", P),
        result("b", P, bp="SEC04-BP01"),
        result("c", P, bp="SEC05-BP01"),
        result("d", P, bp="SEC09-BP02"),
        result("e", F, bp="SEC03-BP07"),
    ]
    scores = score(checks)
    # security: 1 + 4 x 4.75/5 = 4.8; mean (5 x 5 + 4.8)/6 = 4.966 -> 4.9, lowest security 4.8
    assert scores.overall == 4.9
    assert (scores.lowest_pillar, scores.lowest_score) == (Pillar.SECURITY, 4.8)


def test_decision_rows_not_evidenced_lower_confidence(result) -> None:
    from coattail.review.model import DecisionResult

    def row(status: Status) -> DecisionResult:
        return DecisionResult(
            pillar=Pillar.SECURITY,
            area="x",
            claim="c",
            implementation="i",
            evidence=(),
            check_ids=("a",),
            status=status,
        )

    checks = [result("a", P)]
    assert score_pillar(Pillar.SECURITY, checks, [row(P), row(NA)]).confidence == round_half_up(2 / 3, 2)


@pytest.mark.parametrize(("value", "expected"), [(4.97, 4.9), (4.6, 4.6), (3.9999999999, 4.0), (1.0, 1.0)])
def test_round_down(value: float, expected: float) -> None:
    assert round_down(value) == expected


def test_round_half_up() -> None:
    assert round_half_up(2.25) == 2.3
    assert round_half_up(0.625, 2) == 0.63


def test_the_worked_example_of_docs_scoring(result) -> None:
    """docs/SCORING.md, "Worked example", figure by figure."""
    checks = [
        result("kms_key_rotation", P, bp="SEC08-BP01"),
        result("s3_bucket_encryption", P, bp="SEC08-BP02"),
        result("cloudtrail_logging", F, bp="SEC04-BP01"),
        result("compute_network_isolation", F, bp="SEC05-BP01", waived=True),
        result("waf_protects_api", F, bp="SEC05-BP03"),
        result("iam_policy_no_wildcard_actions", P, bp="SEC03-BP02"),
        result("s3_tls_only_policy", U, bp="SEC09-BP02"),
    ]
    s = score_pillar(Pillar.SECURITY, checks)
    assert {q.id: q.risk for q in s.questions} == {
        "SEC03": Risk.NONE,
        "SEC04": Risk.HIGH,
        "SEC05": Risk.HIGH,
        "SEC08": Risk.NONE,
        "SEC09": Risk.NOT_ASSESSED,
    }
    assert s.score == 3.0 and (s.high_risks, s.accepted_risks) == (2, 0)
    assert s.confidence == 0.86
    assert s.key_gap.startswith("High risk (open) in SEC04")

    trail_fixed = [
        c if c.meta.id != "cloudtrail_logging" else result("cloudtrail_logging", P, bp="SEC04-BP01")
        for c in checks
    ]
    assert score_pillar(Pillar.SECURITY, trail_fixed).score == 3.5
    waf_fixed = [
        c if c.meta.id != "waf_protects_api" else result("waf_protects_api", P, bp="SEC05-BP03")
        for c in trail_fixed
    ]
    assert score_pillar(Pillar.SECURITY, waf_fixed).score == 3.5
    vpc = [
        c
        if c.meta.id != "compute_network_isolation"
        else result("compute_network_isolation", P, bp="SEC05-BP01")
        for c in waf_fixed
    ]
    assert score_pillar(Pillar.SECURITY, vpc).score == 5.0
