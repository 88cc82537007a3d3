"""What runs is what the code says: no drift between Terraform and the account."""

from __future__ import annotations

from collections import defaultdict

from coattail.review.checks._common import Findings, none_found, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory, Resource
from coattail.review.model import SourceKind


@check(
    id="terraform_no_drift",
    title="Deployed resources match their Terraform definition (no drift)",
    pillar="operational_excellence",
    bp_id="OPS05-BP03",
    severity="medium",
    service="terraform",
    resource_type="terraform resource",
    rationale="Manual changes that Terraform does not know about are lost or reverted on the next apply "
    "and make environments diverge.",
    remediation="Bring the change into the Terraform code (or revert it) and re-apply.",
)
def terraform_no_drift(inv: Inventory) -> Findings:
    kinds = set(inv.source_kinds)
    if not {SourceKind.LIVE, SourceKind.TERRAFORM} <= kinds:
        yield none_found(inv, Resource, "resources seen by both Terraform and the account")
        return
    drift: dict[str, list[str]] = defaultdict(list)
    for d in inv.drift:
        drift[d.resource_id].append(f"{d.attribute}: terraform={d.terraform_value!r} live={d.live_value!r}")
    live = {(type(r), r.name): r for r in inv.resources() if r.source == SourceKind.LIVE}
    for r in inv.resources():
        if r.source != SourceKind.TERRAFORM or (type(r), r.name) not in live:
            continue
        other = live[(type(r), r.name)]
        diffs = drift.get(r.id, []) + drift.get(other.id, []) + drift.get(r.tf_address or "", [])
        yield verdict(
            other,
            not diffs,
            "matches its Terraform definition",
            f"drift: {'; '.join(diffs[:3])}",
            drift=diffs,
        )
