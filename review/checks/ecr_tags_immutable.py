"""An image tag names one image for good, so what was tested is what runs."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown_attributes, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import ECRRepository, Inventory
from coattail.review.model import Finding


@check(
    id="ecr_tags_immutable",
    title="ECR repositories make image tags immutable",
    pillar="operational_excellence",
    bp_id="OPS05-BP04",
    severity="low",
    service="ecr",
    resource_type="AWS::ECR::Repository",
    rationale="With mutable tags a push can silently replace the image behind a deployed tag: a rollback "
    "to that tag then runs different code than the one tested and released.",
    remediation="aws ecr put-image-tag-mutability --repository-name NAME --image-tag-mutability IMMUTABLE",
    remediation_terraform='image_tag_mutability = "IMMUTABLE"',
)
def ecr_tags_immutable(inv: Inventory) -> Findings:
    def judge(r: ECRRepository) -> Finding:
        return unknown_attributes(r, "tag_mutability") or verdict(
            r,
            r.tags_immutable,
            f"tags {r.tag_mutability}",
            f"tags {r.tag_mutability or 'MUTABLE'}",
            tag_mutability=r.tag_mutability,
        )

    yield from each(inv, ECRRepository, "ECR repositories", judge)
