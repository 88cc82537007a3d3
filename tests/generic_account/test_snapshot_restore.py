"""The generic account's tests restore a snapshot of the seeded account instead of reseeding it:
a restored account must read exactly as the seeded one, even after many services were changed."""

from __future__ import annotations

import pytest

from coattail.review.checks._registry import load_checks
from coattail.review.model import ReviewResults
from tests.generic_account.harness import MISCONFIGURATIONS, GenericAccount
from tests.generic_account.test_misconfigurations import scan

pytestmark = [pytest.mark.emulator]
SERVICE = {c.id: c.meta.service for c in load_checks()}


def _verdicts(results: ReviewResults) -> list[tuple[str, str, str]]:
    return sorted((r.meta.id, f.resource_id, f.status.value) for r in results.checks for f in r.findings)


def test_a_restored_account_reads_as_the_seeded_one_after_changes_in_every_service(
    generic_emulator: GenericAccount,
) -> None:
    seeded = scan(generic_emulator.reseed())
    first_per_service: dict[str, str] = {}
    for name, m in sorted(MISCONFIGURATIONS.items()):
        service = SERVICE[m.check_id]
        if m.verified == "emulator" and service != "multiple":
            first_per_service.setdefault(service, name)
    assert len(first_per_service) >= 20
    for name in first_per_service.values():
        MISCONFIGURATIONS[name].apply(generic_emulator.aws)
    changed = scan(generic_emulator)
    assert _verdicts(changed) != _verdicts(seeded)

    restored = scan(generic_emulator.fresh())
    assert _verdicts(restored) == _verdicts(seeded)
    assert restored.scores == seeded.scores
