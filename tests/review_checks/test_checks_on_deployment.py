"""Real misconfigurations of the platform deployed in the emulator by its own Terraform.

Each flip (tests/review_checks/flips_*.py) changes one deployed resource with boto3; the live
collector collects again, the check's verdict on that resource flips and its pillar score moves
with it; the change is undone in ``finally`` and a last collection shows the deployed verdict
again. Static checks (repository, Terraform) flip on fixtures in their own test modules.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from coattail.review.checks._registry import load_checks
from coattail.review.checks._wa_catalog import BEST_PRACTICE_RISK
from coattail.review.collectors import CollectRequest, collect
from coattail.review.collectors.live import LiveOptions
from coattail.review.collectors.live.specs import ALL_SPECS
from coattail.review.decisions import review_plan
from coattail.review.engine import review
from coattail.review.model import CheckResult, ReviewResults, SourceKind, Status, VerifiedOn
from coattail.review.profile import load_profile
from tests.review_checks.pillar_effect import assert_failure_costs_score

pytestmark = [pytest.mark.emulator, pytest.mark.slow]
HERE = Path(__file__).resolve().parent

Aws = Callable[[str], Any]
# Test modules that flip static checks on fixtures (repository files, Terraform plans/state).
HIGH_LEVEL = {bp for bp, level in BEST_PRACTICE_RISK.items() if level == "high"}
STATIC_FLIP_MODULES = (
    "test_static_checks_on_repository_fixture.py",
    "test_static_checks_on_terraform_fixture.py",
    "test_role_age_on_terraform_state.py",  # moto cannot age a role: the deployed state, aged
    "test_idle_cost_on_terraform_state.py",  # removing the streams would break the shared deployment
)


class Reviewer:
    def __init__(self, endpoint_url: str) -> None:
        self.endpoint_url = endpoint_url
        self.checks = load_checks()
        self.plan = review_plan(load_profile("ctc", self.checks))

    def live(self, services: tuple[str, ...]) -> ReviewResults:
        """Collect only ``services`` of the live account (keeps each test fast) and review it."""
        specs = tuple(s for s in ALL_SPECS if s.service in services)
        request = CollectRequest(
            sources=(SourceKind.LIVE,), live=LiveOptions(endpoint_url=self.endpoint_url, specs=specs)
        )
        return review(collect(request).inventory, self.checks, self.plan)


@pytest.fixture(scope="module")
def reviewer(deployment: Any, endpoint_url: str) -> Reviewer:
    return Reviewer(endpoint_url)


def _result(results: ReviewResults, check_id: str) -> CheckResult:
    return next(r for r in results.checks if r.meta.id == check_id)


def _failing(result: CheckResult) -> list[str]:
    return [f"{f.resource_id}: {f.message}" for f in result.findings if f.status == Status.FAIL]


def test_misconfiguration_flips_the_verdict_and_moves_the_pillar_score(
    flip_case: str, all_flips: dict[str, Any], aws: Aws, deployed_names: Any, reviewer: Reviewer
) -> None:
    flip, names = all_flips[flip_case], deployed_names
    meta = next(c.meta for c in reviewer.checks if c.id == flip.check_id)
    services = flip.services or (meta.service,)
    created = flip.setup(aws, names) if flip.setup is not None else None
    try:
        deployed = reviewer.live(services)
        saved = flip.change(aws, names)
        try:
            changed = reviewer.live(services)
        finally:
            flip.undo(aws, names, saved)
        undone = reviewer.live(services)
    finally:
        if flip.teardown is not None:
            flip.teardown(aws, names, created)

    holds, broken = (deployed, changed) if flip.deployed == "holds" else (changed, deployed)
    holding, failing = _result(holds, flip.check_id), _result(broken, flip.check_id)
    assert holding.status == Status.PASS, _failing(holding) or [f.message for f in holding.findings]
    assert failing.status == Status.FAIL, [f"{f.status}: {f.message}" for f in failing.findings]
    target = flip.resource(names)
    assert all(target in line for line in _failing(failing)), (target, _failing(failing))
    assert_failure_costs_score(holds, broken, flip.check_id)
    assert _result(undone, flip.check_id).status == _result(deployed, flip.check_id).status
    # the undo restores everything the change touched, not only the flipped check's verdict
    was, now = _verdicts(deployed), _verdicts(undone)
    left = {k: (was[k], now[k]) for k in was.keys() & now.keys() if was[k] != now[k]}
    assert left == {}, f"the undo left verdicts changed (before, after): {left}"


def _verdicts(results: ReviewResults) -> dict[tuple[str, str], str]:
    return {(r.meta.id, f.resource_id): f.status.value for r in results.checks for f in r.findings}


def test_every_check_has_a_real_misconfiguration_test(all_flips: dict[str, Any]) -> None:
    """A flip on the deployment, a misconfiguration of the generic account (tests/generic_account),
    a fixture test of the check's static source, or a recorded-responses test (test_*_recorded.py)."""
    from tests.generic_account.harness import MISCONFIGURATIONS

    static_text = "".join((HERE / m).read_text() for m in STATIC_FLIP_MODULES if (HERE / m).exists())
    # services the emulator lacks: tests on botocore-validated recorded responses
    static_text += "".join(p.read_text() for p in HERE.glob("test_*_recorded.py"))
    flipped = {f.check_id for f in all_flips.values()}
    flipped |= {m.check_id for m in MISCONFIGURATIONS.values() if m.verified == "emulator"}
    missing = [c.id for c in load_checks() if c.id not in flipped and f'"{c.id}"' not in static_text]
    assert not missing, f"checks without a misconfiguration test: {missing}"
    # the catalog's "verified on" says where that test is
    recorded = "".join(p.read_text() for p in HERE.glob("test_*_recorded.py"))
    fixtures = "".join((HERE / m).read_text() for m in STATIC_FLIP_MODULES if (HERE / m).exists())
    where = {
        VerifiedOn.EMULATOR: lambda i: i in flipped,
        VerifiedOn.FIXTURES: lambda i: f'"{i}"' in fixtures,
        VerifiedOn.RECORDED: lambda i: f'"{i}"' in recorded,
    }
    wrong = [(c.id, c.meta.verified_on.value) for c in load_checks() if not where[c.meta.verified_on](c.id)]
    assert not wrong, f"checks whose 'verified on' names no such test: {wrong}"


def _scores(results: ReviewResults) -> dict[Any, float]:
    return {p.pillar: p.score for p in results.scores.pillars}


def test_repairing_every_accepted_risk_raises_its_pillar_and_one_high_risk_break_drops_below_four(
    all_flips: dict[str, Any], aws: Aws, deployed_names: Any, reviewer: Reviewer
) -> None:
    """ctc-wa-2 on the deployment (docs/SCORING.md): the scores move with the risks, nothing else."""
    services = tuple(sorted({s.service for s in ALL_SPECS}))
    repairs = [f for f in all_flips.values() if f.deployed == "broken"]
    by_id = {c.id: c.meta for c in reviewer.checks}
    affected = {by_id[f.check_id].pillar for f in repairs}
    before = reviewer.live(services)
    done: list[tuple[Any, Any, Any]] = []
    try:
        for flip in repairs:
            created = flip.setup(aws, deployed_names) if flip.setup is not None else None
            done.append((flip, created, flip.change(aws, deployed_names)))
        repaired = reviewer.live(services)
    finally:
        for flip, created, saved in reversed(done):
            flip.undo(aws, deployed_names, saved)
            if flip.teardown is not None:
                flip.teardown(aws, deployed_names, created)
    still_failing = [f.check_id for f in repairs if _result(repaired, f.check_id).status != Status.PASS]
    assert not still_failing, still_failing
    low, high = _scores(before), _scores(repaired)
    remaining = {
        p.pillar.value: [
            (q.id, q.risk.value, [c for pr in q.practices for c in pr.failing_check_ids])
            for q in p.questions
            if q.risk.value in ("high", "medium", "low")
        ]
        for p in repaired.scores.pillars
    }
    assert {p for p in affected if high[p] <= low[p]} == set(), (low, high, remaining)

    # one high-level best practice broken in a pillar at 4 or above puts it below 4
    candidates = [
        f
        for f in all_flips.values()
        if f.deployed == "holds"
        and f.setup is None
        and by_id[f.check_id].bp_id in HIGH_LEVEL
        and _scores(before)[by_id[f.check_id].pillar] >= 4
    ]
    flip = sorted(candidates, key=lambda f: f.check_id)[0]
    saved = flip.change(aws, deployed_names)
    try:
        broken = reviewer.live(services)
    finally:
        flip.undo(aws, deployed_names, saved)
    pillar = by_id[flip.check_id].pillar
    assert _result(broken, flip.check_id).status == Status.FAIL
    assert _scores(broken)[pillar] < 4 <= low[pillar], (flip.check_id, low[pillar], _scores(broken)[pillar])
