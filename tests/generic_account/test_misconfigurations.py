"""Named misconfigurations of a clean ordinary account, each applied alone to a fresh account.

For each one (``misconfigs_*.py``): the clean account passes the named check; after the change the
check fails, every failing finding names the changed resource, and the check's pillar score drops
(or, where its question already carried a risk, does not rise).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from coattail.review.checks._registry import load_checks
from coattail.review.collectors import CollectRequest, collect
from coattail.review.collectors.live import LiveOptions
from coattail.review.decisions import review_plan
from coattail.review.engine import review
from coattail.review.model import CheckResult, ReviewResults, SourceKind, Status
from coattail.review.profile import load_profile
from tests.generic_account.harness import MISCONFIGURATIONS, GenericAccount
from tests.review_checks.pillar_effect import assert_failure_costs_score

pytestmark = [pytest.mark.emulator]
CHECKS = load_checks()
PLAN = review_plan(load_profile("generic", CHECKS))
META = {c.id: c.meta for c in CHECKS}


def scan(
    account: GenericAccount, now: datetime | None = None, later: timedelta | None = None
) -> ReviewResults:
    """The whole account, as `ctc-review score` reads it (a partial scan would leave services
    unread yet not *not assessed*, and move scores for the wrong reason); ``later`` moves the
    review clock (the sources' collection time) forward."""
    options = LiveOptions(endpoint_url=account.endpoint_url)
    inventory = collect(CollectRequest(sources=(SourceKind.LIVE,), live=options)).inventory
    if later is not None:
        sources = tuple(
            s.model_copy(update={"collected_at": s.collected_at + later}) for s in inventory.sources
        )
        inventory = inventory.model_copy(update={"sources": sources})
    return review(inventory, CHECKS, PLAN, now=now)


def _result(results: ReviewResults, check_id: str) -> CheckResult:
    return next(r for r in results.checks if r.meta.id == check_id)


@pytest.fixture(scope="module")
def clean(generic_emulator: GenericAccount) -> ReviewResults:
    """The clean account's review (the seed is deterministic: one scan serves every test)."""
    return scan(generic_emulator.fresh())


def test_misconfiguration_is_detected_on_the_changed_resource(
    misconfig_name: str, clean: ReviewResults, clean_account: GenericAccount
) -> None:
    m = MISCONFIGURATIONS[misconfig_name]
    assert m.check_id in META, f"{m.name}: no check {m.check_id}"
    assert META[m.check_id].kind != "claim", f"{m.check_id} is a claim check; the generic profile skips it"
    holding = _result(clean, m.check_id)
    assert holding.status == Status.PASS, [
        f"{f.status}: {f.resource_id}: {f.message}" for f in holding.findings
    ]

    m.apply(clean_account.aws)
    broken = scan(clean_account, later=m.later)
    failing = _result(broken, m.check_id)
    lines = [f"{f.resource_id}: {f.message}" for f in failing.findings if f.status == Status.FAIL]
    assert failing.status == Status.FAIL and lines, [f"{f.status}: {f.message}" for f in failing.findings]
    assert all(m.resource in line for line in lines), (m.resource, lines)
    assert_failure_costs_score(clean, broken, m.check_id)


def test_at_least_25_named_misconfigurations_over_many_services() -> None:
    emulated = [m for m in MISCONFIGURATIONS.values() if m.verified == "emulator"]
    assert len(emulated) >= 25, len(emulated)
    assert len({META[m.check_id].service for m in emulated}) >= 10
