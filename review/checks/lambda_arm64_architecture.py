"""Functions run on the most efficient processors available."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory, LambdaFunction
from coattail.review.model import Finding


@check(
    id="lambda_arm64_architecture",
    title="Lambda functions run on Graviton (arm64)",
    pillar="sustainability",
    bp_id="SUS05-BP02",
    severity="low",
    service="lambda",
    resource_type="AWS::Lambda::Function",
    rationale="Graviton uses up to 60% less energy for the same performance and costs 20% less per GB-s.",
    remediation='Set architectures = ["arm64"] (pure-Python packages need no change).',
    remediation_terraform='architectures = ["arm64"]',
)
def lambda_arm64_architecture(inv: Inventory) -> Findings:
    def judge(f: LambdaFunction) -> Finding:
        arch = list(f.architectures) or ["x86_64"]
        return verdict(
            f, arch == ["arm64"], "arm64 (Graviton)", f"architecture {', '.join(arch)}", architectures=arch
        )

    yield from each(inv, LambdaFunction, "Lambda functions", judge)
