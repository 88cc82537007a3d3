"""Read a plan of the platform's stopped state (``terraform show -json`` of
``python -m coattail.cli.ops plan-state stopped``) into :class:`StoppedState`: what stopping removes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from coattail.review.collectors.terraform.loader import TerraformReadError
from coattail.review.inventory.run_state import StoppedState

_IDENTITY_KEYS = ("name", "arn", "id", "key_id", "bucket", "function_name")


def removed_by(plan: dict[str, Any], source: str) -> StoppedState:
    """The resources ``plan`` deletes without creating them again (a replacement is not a removal)."""
    if "resource_changes" not in plan or plan.get("format_version") is None:
        raise TerraformReadError(
            f"{source} is not a Terraform plan as JSON (no resource_changes): "
            "use `python -m coattail.cli.ops plan-state stopped` "
            "(terraform show -json of the stopped state's plan)"
        )
    addresses: list[str] = []
    identities: set[str] = set()
    for change in plan["resource_changes"]:
        actions = change.get("change", {}).get("actions", [])
        if change.get("mode", "managed") != "managed" or actions != ["delete"]:
            continue
        addresses.append(str(change["address"]))
        before = change["change"].get("before") or {}
        identities.update(
            str(before[k]) for k in _IDENTITY_KEYS if isinstance(before.get(k), str) and before[k]
        )
    return StoppedState(plan=source, addresses=tuple(sorted(addresses)), identities=tuple(sorted(identities)))


def read_stopped_plan(path: Path) -> StoppedState:
    try:
        plan = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise TerraformReadError(f"cannot read the stopped-state plan {path}: {exc.strerror or exc}") from exc
    except json.JSONDecodeError as exc:
        raise TerraformReadError(f"the stopped-state plan {path} is not JSON: {exc}") from exc
    if not isinstance(plan, dict):
        raise TerraformReadError(f"the stopped-state plan {path} must be a JSON object")
    return removed_by(plan, str(path))
