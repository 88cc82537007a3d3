"""Review a Terraform state document (``terraform show -json``) of the deployed platform."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from coattail.review.checks._registry import load_checks
from coattail.review.collectors import CollectRequest, collect
from coattail.review.collectors.terraform import TerraformOptions
from coattail.review.decisions import review_plan
from coattail.review.engine import review
from coattail.review.model import ReviewResults, SourceKind
from coattail.review.profile import load_profile


def review_state(
    doc: dict[str, Any],
    tmp_path: Path,
    deployment: Any,
    now: datetime | None = None,
    stopped_plan: dict[str, Any] | None = None,
) -> ReviewResults:
    """Review ``doc`` with the CTC profile (checkov off); ``now`` is the collection clock when given;
    ``stopped_plan`` is a plan of the stopped state (what stopping removes)."""
    path = tmp_path / f"state-{len(list(tmp_path.iterdir()))}.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    checks = load_checks()
    stopped_path = None
    if stopped_plan is not None:
        stopped_path = tmp_path / f"stopped-{len(list(tmp_path.iterdir()))}.json"
        stopped_path.write_text(json.dumps(stopped_plan), encoding="utf-8")
    request = CollectRequest(
        stopped_plan=stopped_path,
        sources=(SourceKind.TERRAFORM,),
        terraform=TerraformOptions(
            directory=deployment.root, plan_json=path, path_prefix="platform/infra", run_checkov=False
        ),
    )
    inventory = collect(request).inventory
    if now is not None:
        collected_now = tuple(s.model_copy(update={"collected_at": now}) for s in inventory.sources)
        inventory = inventory.model_copy(update={"sources": collected_now})
    return review(inventory, checks, review_plan(load_profile("ctc", checks)), now=now)
