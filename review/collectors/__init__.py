"""Collectors: live account (boto3), Terraform (plan/state JSON + checkov), repository.

:func:`collect` runs the requested sources and merges them into one :class:`Inventory` with
the drift between Terraform and live. A source that cannot run at all (no credentials,
unreachable endpoint, unreadable Terraform, missing repository) is recorded as a failed
``SourceRun`` plus a ``NotAssessed`` entry for service ``*`` and the message says what to do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from coattail.review.collectors.drift import with_drift
from coattail.review.collectors.live import LiveCollectionError, LiveOptions, collect_live
from coattail.review.collectors.repository import collect_repository
from coattail.review.collectors.stopped_plan import read_stopped_plan
from coattail.review.collectors.terraform import TerraformOptions, TerraformReadError, collect_terraform
from coattail.review.inventory import Inventory
from coattail.review.model import NotAssessed, SourceKind, SourceRun


@dataclass(frozen=True)
class CollectRequest:
    sources: tuple[SourceKind, ...]
    live: LiveOptions = field(default_factory=LiveOptions)
    terraform: TerraformOptions = field(default_factory=TerraformOptions)
    repo: Path | None = None
    #: ``terraform show -json`` of a plan of the stopped state (what stopping removes)
    stopped_plan: Path | None = None


@dataclass
class Collected:
    inventory: Inventory
    api_calls: int = 0
    errors: list[str] = field(default_factory=list)


def _failed(kind: SourceKind, target: str, message: str, code: str) -> Inventory:
    return Inventory(
        sources=(
            SourceRun(kind=kind, target=target, collected_at=datetime.now(UTC), ok=False, detail=message),
        ),
        not_assessed=(NotAssessed(service="*", source=kind, reason=message, error_code=code),),
    )


def collect(request: CollectRequest, progress: Callable[[int, int, str], None] | None = None) -> Collected:
    parts: list[Inventory] = []
    errors: list[str] = []
    api_calls = 0
    if SourceKind.LIVE in request.sources:
        try:
            live = collect_live(request.live, progress)
            parts.append(live.inventory)
            api_calls = live.api_calls
        except LiveCollectionError as exc:
            errors.append(f"live: {exc}")
            parts.append(_failed(SourceKind.LIVE, request.live.target_label, str(exc), "LiveUnavailable"))
    if SourceKind.TERRAFORM in request.sources:
        opts = request.terraform
        try:
            parts.append(collect_terraform(opts))
        except (TerraformReadError, OSError) as exc:
            errors.append(f"terraform: {exc}")
            target = str(opts.plan_json or opts.directory)
            parts.append(_failed(SourceKind.TERRAFORM, target, str(exc), "TerraformUnreadable"))
    if SourceKind.REPOSITORY in request.sources:
        root = request.repo or Path.cwd()
        try:
            parts.append(collect_repository(root))
        except (FileNotFoundError, NotADirectoryError) as exc:
            errors.append(f"repository: {exc}")
            parts.append(_failed(SourceKind.REPOSITORY, str(root), str(exc), "RepositoryUnreadable"))
    if request.stopped_plan is not None:
        try:
            parts.append(Inventory(stopped_state=read_stopped_plan(request.stopped_plan)))
        except TerraformReadError as exc:
            errors.append(f"stopped-state plan: {exc}")
    inventory = parts[0].merge(*parts[1:]) if parts else Inventory()
    return Collected(inventory=with_drift(inventory), api_calls=api_calls, errors=errors)
