"""evaluate_gate on synthetic results: regressions by score and by (check, resource), thresholds."""

from __future__ import annotations

import pytest

from coattail.review.gate import evaluate_gate, normalise_min_scores, parse_min_scores
from coattail.review.model import Pillar


def test_identical_results_pass(results_factory):
    base = results_factory()
    report = evaluate_gate(base, base, fail_on_regression=True)
    assert not report.breached
    assert report.regressions == ()
    assert "No regression" in report.messages[-1]


def test_weakened_results_breach_and_name_each_regression(results_factory):
    base = results_factory()
    weak = results_factory(fail={"sec_check_00", "rel_check_05"})
    report = evaluate_gate(weak, base, fail_on_regression=True)
    assert report.breached
    checks = {(r.check_id, r.resource_id) for r in report.regressions if r.kind == "check"}
    # the failing resource of each newly failing check (resource 0 fails, resource 1 still passes)
    assert ("sec_check_00", "module.s3.aws_s3_bucket.b0_0") in checks
    assert ("rel_check_05", "module.s3.aws_s3_bucket.b5_0") in checks
    assert len(checks) == 2
    dropped = {r.pillar for r in report.regressions if r.kind == "score"}
    assert {Pillar.SECURITY, Pillar.RELIABILITY} <= dropped
    text = "\n".join(report.messages)
    assert "sec_check_00" in text and "rel_check_05" in text and "Security score dropped" in text
    # restoring passes again, and the fix is reported as an improvement the other way round
    back = evaluate_gate(base, weak, fail_on_regression=True)
    assert not back.breached
    assert any("sec_check_00 now passes" in i for i in back.improvements)


def test_regressions_without_fail_flag_do_not_breach(results_factory):
    report = evaluate_gate(
        results_factory(fail={"ops_check_00"}), results_factory(), fail_on_regression=False
    )
    assert report.regressions and not report.breached


def test_new_failing_resource_counts_as_regression(results_factory):
    base = results_factory()
    grown = results_factory(extra_checks=0)
    # add a failing finding on a resource the baseline never saw, for a check that passed
    from coattail.review.model import Finding, SourceKind, Status

    checks = list(grown.checks)
    idx = next(i for i, c in enumerate(checks) if c.meta.id == "sec_check_06")
    bad = Finding(
        resource_id="arn:aws:iam::123456789012:policy/wildcard",
        resource_type="AWS::IAM::Policy",
        source=SourceKind.LIVE,
        status=Status.FAIL,
        message="Action * on Resource *",
    )
    checks[idx] = checks[idx].model_copy(
        update={"status": Status.FAIL, "findings": (*checks[idx].findings, bad)}
    )
    report = evaluate_gate(grown.model_copy(update={"checks": tuple(checks)}), base)
    assert report.breached
    assert [(r.check_id, r.resource_id, r.before) for r in report.regressions if r.kind == "check"] == [
        ("sec_check_06", "arn:aws:iam::123456789012:policy/wildcard", "ABSENT")
    ]


def test_expired_waiver_failure_is_not_accepted(results_factory):
    """sec_check_04 is waived by an expired waiver: it fails in both, so it is no regression."""
    base = results_factory()
    report = evaluate_gate(base, base)
    assert not report.breached
    from coattail.review.reports.compare import verdicts

    v = verdicts(base)
    assert v[("sec_check_04", "module.s3.aws_s3_bucket.b4_0")][2] == "FAIL"
    assert v[("cost_check_04", "module.s3.aws_s3_bucket.b4_0")][2] == "WAIVED"


def test_min_scores(results_factory):
    res = results_factory()
    assert not evaluate_gate(res, None, min_scores={"overall": 1.0}).breached
    report = evaluate_gate(res, None, min_scores={Pillar.SECURITY: 5, "overall": 4.9})
    assert report.breached
    assert {b.name for b in report.threshold_breaches} == {"security", "overall"}
    assert any("Security score" in m and "below the minimum 5.0" in m for m in report.messages)


def test_min_score_parsing_and_errors():
    assert parse_min_scores(["4", "security=3.5", "Cost Optimization=2"]) == {
        "overall": 4.0,
        "security": 3.5,
        "cost_optimization": 2.0,
    }
    with pytest.raises(ValueError, match="unknown --min-score key 'securty'"):
        normalise_min_scores({"securty": 3})
    with pytest.raises(ValueError, match="between 1 and 5"):
        parse_min_scores(["overall=7"])
    with pytest.raises(ValueError, match="NAME=NUMBER"):
        parse_min_scores(["security=high"])


def test_renamed_resource_of_an_already_failing_check_is_not_a_regression(results_factory):
    """ops_check_01 fails in both on one resource whose id changed (e.g. address -> ARN)."""
    base = results_factory()
    checks = list(base.checks)
    idx = next(i for i, c in enumerate(checks) if c.meta.id == "ops_check_01")
    renamed = tuple(
        f.model_copy(update={"resource_id": "arn:aws:s3:::renamed"}) if f.status == "FAIL" else f
        for f in checks[idx].findings
    )
    checks[idx] = checks[idx].model_copy(update={"findings": renamed})
    report = evaluate_gate(base.model_copy(update={"checks": tuple(checks)}), base)
    assert not report.breached, report.messages
    assert not any("ops_check_01" in i for i in report.improvements)


def test_scores_from_another_rubric_are_not_compared_but_checks_are(results_factory):
    base = results_factory()
    old = base.model_copy(update={"scores": base.scores.model_copy(update={"rubric": "ctc-wa-1"})})
    weak = results_factory(fail={"sec_check_00"})
    report = evaluate_gate(weak, old, fail_on_regression=True)
    assert report.breached
    assert {r.kind for r in report.regressions} == {"check"}
    assert any(
        "Scores not compared: the baseline was scored with rubric ctc-wa-1" in m for m in report.messages
    )
    assert not evaluate_gate(base, old).breached
