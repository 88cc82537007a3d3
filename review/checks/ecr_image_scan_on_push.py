"""Container images are scanned for vulnerabilities when they are pushed."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown_attributes, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import ECRRepository, Inventory
from coattail.review.model import Finding


@check(
    id="ecr_image_scan_on_push",
    title="ECR repositories scan images on push",
    pillar="security",
    bp_id="SEC06-BP01",
    severity="medium",
    service="ecr",
    resource_type="AWS::ECR::Repository",
    rationale="An image with a known vulnerable package should be flagged before it runs; scanning on push "
    "finds it when the image enters the registry, not after an incident.",
    remediation="aws ecr put-image-scanning-configuration --repository-name NAME "
    "--image-scanning-configuration scanOnPush=true (or enable enhanced scanning for the registry)",
    remediation_terraform="image_scanning_configuration { scan_on_push = true }",
)
def ecr_image_scan_on_push(inv: Inventory) -> Findings:
    def judge(r: ECRRepository) -> Finding:
        return unknown_attributes(r, "scan_on_push") or verdict(
            r,
            bool(r.scan_on_push),
            "scans images on push",
            "does not scan images on push",
            scan_on_push=r.scan_on_push,
        )

    yield from each(inv, ECRRepository, "ECR repositories", judge)
