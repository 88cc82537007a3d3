"""The Terraform passes the static security scan, or every failure is a documented suppression."""

from __future__ import annotations

from collections import defaultdict

from coattail.review.checks._common import Findings, none_found, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory, Resource
from coattail.review.model import Finding, SourceKind, Status


@check(
    id="checkov_no_failures",
    title="Checkov reports no unsuppressed failed checks on the Terraform resources",
    pillar="security",
    bp_id="SEC01-BP06",
    severity="high",
    service="terraform",
    resource_type="terraform resource",
    rationale="Checkov encodes hundreds of AWS security baselines; a clean run (with justified "
    "suppressions) shows the standard controls are deployed by code.",
    remediation="Fix the failed checks, or suppress them with a written justification in the checkov config.",
)
def checkov_no_failures(inv: Inventory) -> Findings:
    tf = inv.for_source(SourceKind.TERRAFORM)
    resources: list[Resource] = list(tf.resources())
    if not resources:
        yield none_found(inv, Resource, "Terraform resources")
        return
    gaps = inv.gaps("checkov")
    ran = any(run.kind == SourceKind.TERRAFORM and "checkov:" in run.detail for run in inv.sources)
    if gaps or not (ran or inv.checkov_findings):
        yield Finding(
            resource_id="checkov",
            resource_type="terraform resource",
            source=SourceKind.TERRAFORM,
            status=Status.UNKNOWN,
            message=f"no checkov results for the {len(resources)} Terraform resources: "
            + (gaps[0].reason if gaps else "scan not run"),
            location=resources[0].location,
        )
        return
    failed: dict[str, list[str]] = defaultdict(list)
    for f in inv.checkov_findings:
        if f.result == "FAILED":
            failed[f.inventory_id or f.tf_address].append(f"{f.check_id} {f.check_name}")
    for r in resources:
        bad = failed.get(r.id, []) + failed.get(r.tf_address or "", [])
        yield verdict(r, not bad, "no failed checkov checks", f"checkov failed: {'; '.join(bad)}", failed=bad)
