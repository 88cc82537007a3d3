"""Old container images expire instead of accumulating storage forever."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown, unknown_attributes, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import ECRRepository, Inventory
from coattail.review.model import Finding


@check(
    id="ecr_lifecycle_policy",
    title="ECR repositories expire old images with a lifecycle policy",
    pillar="cost_optimization",
    bp_id="COST04-BP05",
    severity="low",
    service="ecr",
    resource_type="AWS::ECR::Repository",
    rationale="Every push keeps a full image (0.10 USD/GB-month); without a lifecycle policy untagged and "
    "superseded images are kept and billed forever.",
    remediation="aws ecr put-lifecycle-policy --repository-name NAME --lifecycle-policy-text "
    '\'{"rules":[{"rulePriority":1,"selection":{"tagStatus":"untagged","countType":'
    '"sinceImagePushed","countUnit":"days","countNumber":14},"action":{"type":"expire"}}]}\'',
    remediation_terraform='resource "aws_ecr_lifecycle_policy" "this" {\n'
    "  repository = aws_ecr_repository.this.name\n  policy     = jsonencode({ rules = [...] })\n}",
)
def ecr_lifecycle_policy(inv: Inventory) -> Findings:
    def judge(r: ECRRepository) -> Finding:
        if r.lifecycle_rules is None:
            return unknown_attributes(r, "lifecycle_rules") or unknown(r, "lifecycle policy not read")
        return verdict(
            r,
            r.lifecycle_rules > 0,
            f"lifecycle policy with {r.lifecycle_rules} rule(s)",
            "no lifecycle policy",
            lifecycle_rules=r.lifecycle_rules,
        )

    yield from each(inv, ECRRepository, "ECR repositories", judge)
