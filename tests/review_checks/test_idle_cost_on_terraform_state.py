"""``"idle_cost_outside_storage"`` flips on the deployed platform's own Terraform state.

Deployed and started, the platform holds two Kinesis streams and a customer-managed KMS key. Without
a plan of the stopped state the review prices everything that exists, so all three fail, each named.
With the real plan of the stopped state (``Deployment.stopped_plan`` of the session's
deployment) the streams bill only while running and the KMS key alone remains (0.033 USD/day, above
the 0.01 allowance). The same state without the key passes.
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


def _without(doc: dict[str, Any], types: tuple[str, ...]) -> dict[str, Any]:
    out = copy.deepcopy(doc)

    def prune(module: dict[str, Any]) -> None:
        module["resources"] = [r for r in module.get("resources", ()) if r["type"] not in types]
        for child in module.get("child_modules", ()):
            prune(child)

    prune(out["values"]["root_module"])
    return out


def _review(
    doc: dict[str, Any], tmp_path: Path, deployment: Any, stopped: dict[str, Any] | None = None
) -> ReviewResults:
    return review_state(doc, tmp_path, deployment, stopped_plan=stopped)


def _failing(results: ReviewResults) -> set[str]:
    result = next(r for r in results.checks if r.meta.id == CHECK)
    return {f.resource_id for f in result.findings if f.status == Status.FAIL}


def test_what_bills_while_stopped_is_read_from_the_plan_of_the_stopped_state(
    deployment: Any, tmp_path: Path
) -> None:
    state = dict(deployment.terraform.show_json())
    stopped_plan = deployment.stopped_plan()
    deployed = _review(state, tmp_path, deployment)
    assert {"ctc-dev-trades", "ctc-dev-trades-dlq"} <= _failing(deployed)
    found = [f.resource_id for r in deployed.checks if r.meta.id == CHECK for f in r.findings]
    assert len(found) == len(set(found))  # the DLQ's shard-hours and retention lines: one finding
    assert any("observability" in r for r in _failing(deployed))

    planned = _review(state, tmp_path, deployment, stopped_plan)
    # the streams go when stopped: the customer key and the audit trail's log ingestion remain
    key, trail_logs = sorted(_failing(planned), key=lambda r: "observability" not in r)
    assert "observability" in key and trail_logs == "/aws/cloudtrail/ctc-dev-audit"
    result = next(r for r in planned.checks if r.meta.id == CHECK)
    assert all("the stopped state planned in" in f.message for f in result.findings)

    without_key = _review(
        _without(state, ("aws_kms_key", "aws_kms_alias")), tmp_path, deployment, stopped_plan
    )
    holding = next(r for r in without_key.checks if r.meta.id == CHECK)
    assert holding.status == Status.PASS, [f.message for f in holding.findings]
    assert_failure_costs_score(without_key, deployed, CHECK)
