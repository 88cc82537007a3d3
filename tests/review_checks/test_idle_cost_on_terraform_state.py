"""``"idle_cost_outside_storage"`` flips on the deployed platform's own Terraform state.

Deployed, the platform keeps two Kinesis streams and a customer-managed KMS key: they bill by the
hour or month whether or not anything runs, so the seed's "no idle cost outside S3 storage" does not
hold and the check fails, naming them. The same state without them (what a stop procedure that
removes the streams and uses AWS-managed keys would leave) passes. Built from the state document
because removing the streams from the shared emulator deployment would break the session.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from coattail.review.model import ReviewResults, Status
from tests.review_checks.pillar_effect import assert_failure_costs_score
from tests.review_checks.terraform_state import review_state

pytestmark = [pytest.mark.emulator]
CHECK = "idle_cost_outside_storage"
BILLING_WHILE_IDLE = ("aws_kinesis_stream", "aws_kms_key", "aws_kms_alias")


def _without(doc: dict[str, Any], types: tuple[str, ...]) -> dict[str, Any]:
    out = copy.deepcopy(doc)

    def prune(module: dict[str, Any]) -> None:
        module["resources"] = [r for r in module.get("resources", ()) if r["type"] not in types]
        for child in module.get("child_modules", ()):
            prune(child)

    prune(out["values"]["root_module"])
    return out


def _review(doc: dict[str, Any], tmp_path: Path, deployment: Any) -> ReviewResults:
    return review_state(doc, tmp_path, deployment)


def test_streams_and_a_customer_key_bill_while_idle_and_without_them_only_storage_does(
    deployment: Any, tmp_path: Path
) -> None:
    state = dict(deployment.terraform.show_json())
    deployed = _review(state, tmp_path, deployment)
    result = next(r for r in deployed.checks if r.meta.id == CHECK)
    assert result.status == Status.FAIL
    (finding,) = result.findings
    assert "ctc-dev-trades" in finding.message and "ctc-dev-trades-dlq" in finding.message
    assert "KMS" in finding.message and finding.observed["usd_per_day"] > 1.0

    stopped = _review(_without(state, BILLING_WHILE_IDLE), tmp_path, deployment)
    holding = next(r for r in stopped.checks if r.meta.id == CHECK)
    assert holding.status == Status.PASS, [f.message for f in holding.findings]
    assert_failure_costs_score(stopped, deployed, CHECK)
