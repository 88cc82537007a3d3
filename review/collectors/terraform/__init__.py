"""The Terraform collector: plan/state JSON -> the same inventory models as the live collector.

Unknown-until-apply values are ``None`` and listed in ``unknown_attributes``, unless the plan's
configuration shows they are set from another resource (``after_apply``) or are policies built
by an ``aws_iam_policy_document`` of the plan (``policy_documents``); resources are
located in the ``.tf`` files (file + line) when the Terraform directory is known; checkov's
failed checks are mapped onto the resources (``Inventory.checkov_findings``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from coattail.review.collectors.terraform.after_apply import resolve_after_apply
from coattail.review.collectors.terraform.checkov import (
    CheckovError,
    load_suppressions,
    map_results,
    run_checkov,
)
from coattail.review.collectors.terraform.context import TfContext, guess_account_region
from coattail.review.collectors.terraform.hcl_config import HclConfig, fill_literal_maps
from coattail.review.collectors.terraform.loader import (
    TerraformReadError,
    TfDocument,
    load_json_file,
    parse_document,
    show_directory,
)
from coattail.review.collectors.terraform.locate import Locator
from coattail.review.collectors.terraform.normalise import NORMALISERS
from coattail.review.collectors.terraform.policy_documents import rebuild_policies
from coattail.review.collectors.terraform.resolve import resolve_arn_references
from coattail.review.inventory import CheckovFinding, Inventory, Resource
from coattail.review.model import NotAssessed, SourceKind, SourceRun

__all__ = [
    "TerraformOptions",
    "TerraformReadError",
    "collect_terraform",
    "inventory_from_document",
    "parse_document",
]


@dataclass(frozen=True)
class TerraformOptions:
    directory: Path | None = None  # the root module (.tf files); state read from it unless plan_json
    plan_json: Path | None = None  # output of `terraform show -json` (plan or state) or a .tfstate
    path_prefix: str | None = None  # how to show file paths (e.g. platform/infra); default: relative
    default_region: str = "us-east-1"
    run_checkov: bool = True


def inventory_from_document(
    doc: TfDocument, locator: Locator, default_region: str = "us-east-1", follow_references: bool = True
) -> tuple[list[Resource], list[NotAssessed]]:
    """Normalised resources of a plan/state; ``follow_references`` settles values known after apply."""
    account, region = guess_account_region(doc.resources, default_region)
    ctx = TfContext(
        resources=doc.resources,
        locator=locator,
        region=doc.region or region,
        account=doc.account or account,
        partition=doc.partition or "aws",
    )
    resources = doc.resources
    if follow_references:
        resources = resolve_arn_references(resources, ctx.partition, ctx.region, ctx.account)
        resources = resolve_after_apply(
            resources, doc.module_inputs, doc.module_outputs, ctx.partition, ctx.region, ctx.account
        )
        config = HclConfig(locator.module_dir)
        resources = rebuild_policies(resources, doc.policy_documents, config.locals)
        resources = fill_literal_maps(resources, config)
    ctx = replace(ctx, resources=resources)
    out: list[Resource] = []
    gaps: list[NotAssessed] = []
    for r in resources:
        normalise = NORMALISERS.get(r.type)
        if normalise is None:
            continue
        try:
            out.append(normalise(ctx, r))
        except (KeyError, TypeError, ValueError) as exc:
            gaps.append(
                NotAssessed(
                    service=r.type,
                    source=SourceKind.TERRAFORM,
                    reason=f"cannot normalise {r.address}: {exc!r}",
                    error_code="Unreadable",
                )
            )
    return out, gaps


def collect_terraform(options: TerraformOptions) -> Inventory:
    """Read the Terraform JSON (or run ``terraform show -json``), normalise, run checkov."""
    started = datetime.now(UTC)
    if options.plan_json is not None:
        doc = load_json_file(options.plan_json)
        target = str(options.plan_json)
    elif options.directory is not None:
        doc = show_directory(options.directory)
        target = str(options.directory)
    else:
        raise TerraformReadError("no Terraform input: pass --terraform-dir DIR or --plan-json FILE")
    locator = Locator(options.directory, options.path_prefix, doc.module_sources)
    resources, gaps = inventory_from_document(doc, locator, options.default_region)
    findings: tuple[CheckovFinding, ...] = ()
    detail = f"{doc.kind}: {len(doc.resources)} Terraform resources, {len(resources)} in the inventory"
    if options.run_checkov and options.directory is not None:
        try:
            reports = run_checkov(options.directory)
            findings = map_results(
                reports, resources, load_suppressions(options.directory), options.path_prefix
            )
            detail += f"; checkov: {sum(1 for f in findings if f.result == 'FAILED')} open failures"
        except CheckovError as exc:
            gaps.append(
                NotAssessed(
                    service="checkov",
                    source=SourceKind.TERRAFORM,
                    reason=str(exc),
                    error_code="CheckovFailed",
                )
            )
    run = SourceRun(
        kind=SourceKind.TERRAFORM, target=target, collected_at=started, ok=not gaps, detail=detail
    )
    return Inventory.from_resources(
        sorted(resources, key=lambda r: (type(r).__name__, r.id)),
        sources=(run,),
        not_assessed=tuple(gaps),
        checkov_findings=findings,
    )
