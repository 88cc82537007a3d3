"""``"iam_role_unused"`` flips on the deployed platform's own Terraform state, aged.

The emulator cannot hold an old role: moto stamps CreateDate and RoleLastUsed with its clock and
takes no date from the caller, so no role there is ever unused for 90 days. The provider's state
carries both dates (``create_date``, ``role_last_used``), so the fixture is the real state of the
deployment with one role's dates moved back: the verdict flips on that role and the security score
drops; a recent use brings it back. Only the IAM resources of the state are kept, so the one
low-severity verdict moves the security score (one decimal) as it would in a review of the module.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from coattail.review.model import CheckResult, ReviewResults, Status
from tests.review_checks.pillar_effect import assert_failure_costs_score
from tests.review_checks.terraform_state import review_state

pytestmark = [pytest.mark.emulator, pytest.mark.clock]  # role ages are measured against now
ROLE = 'module.iam.aws_iam_role.this["producer_task"]'


@pytest.fixture(scope="module")
def state_document(deployment: Any) -> dict[str, Any]:
    """The deployed state (``terraform show -json``) with its IAM resources only."""
    doc = copy.deepcopy(dict(deployment.terraform.show_json()))

    def only_iam(module: dict[str, Any]) -> None:
        module["resources"] = [r for r in module.get("resources", ()) if r["type"].startswith("aws_iam_")]
        for child in module.get("child_modules", ()):
            only_iam(child)

    only_iam(doc["values"]["root_module"])
    return doc


def _resources(module: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield from module.get("resources", ())
    for child in module.get("child_modules", ()):
        yield from _resources(child)


def _with_role_dates(doc: dict[str, Any], created: datetime, last_used: datetime | None) -> dict[str, Any]:
    aged = copy.deepcopy(doc)
    role = next(r for r in _resources(aged["values"]["root_module"]) if r["address"] == ROLE)
    role["values"]["create_date"] = created.strftime("%Y-%m-%dT%H:%M:%SZ")
    role["values"]["role_last_used"] = (
        [{"last_used_date": last_used.strftime("%Y-%m-%dT%H:%M:%SZ"), "region": "us-east-1"}]
        if last_used is not None
        else []
    )
    return aged


def _deployed_at(doc: dict[str, Any]) -> datetime:
    """When the deployment was applied: its newest role's creation date (the emulator's clock)."""
    dates = [
        datetime.fromisoformat(r["values"]["create_date"].replace("Z", "+00:00"))
        for r in _resources(doc["values"]["root_module"])
        if r["type"] == "aws_iam_role" and r["values"].get("create_date")
    ]
    return max(dates)


def _review(doc: dict[str, Any], tmp_path: Path, deployment: Any, now: datetime) -> ReviewResults:
    """Review ``doc`` as collected at ``now`` (the clock the role ages are measured against)."""
    return review_state(doc, tmp_path, deployment, now)


def _result(results: ReviewResults) -> CheckResult:
    return next(r for r in results.checks if r.meta.id == "iam_role_unused")


def test_a_role_unused_for_200_days_fails_and_a_recent_use_brings_it_back(
    state_document: dict[str, Any], deployment: Any, tmp_path: Path
) -> None:
    role_name = deployment.outputs["iam_role_arns"]["producer_task"].rsplit("/", 1)[-1]
    # one clock for the whole test: an hour after the apply, whatever the calendar says
    now = _deployed_at(state_document) + timedelta(hours=1)

    as_deployed = _review(state_document, tmp_path, deployment, now)
    holds = _result(as_deployed)
    assert holds.status == Status.PASS, [f.message for f in holds.findings if f.status != Status.PASS]
    assert any(role_name in f.resource_id for f in holds.findings)

    aged = _review(
        _with_role_dates(state_document, now - timedelta(days=200), None), tmp_path, deployment, now
    )
    broken = _result(aged)
    failing = [f for f in broken.findings if f.status == Status.FAIL]
    assert broken.status == Status.FAIL and len(failing) == 1, [f.message for f in failing]
    assert role_name in failing[0].resource_id
    assert "never used, created 200 d ago (> 90 d)" in failing[0].message
    assert_failure_costs_score(as_deployed, aged, "iam_role_unused")

    used = _with_role_dates(state_document, now - timedelta(days=200), now - timedelta(days=3))
    recent = _result(_review(used, tmp_path, deployment, now))
    assert recent.status == Status.PASS
    finding = next(f for f in recent.findings if role_name in f.resource_id)
    assert "last used 3 d ago" in finding.message
