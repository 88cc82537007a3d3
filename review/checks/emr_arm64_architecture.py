"""Spark workers run on Graviton when the runtime supports it."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import EMRServerlessApp, Inventory
from coattail.review.model import Finding


@check(
    id="emr_arm64_architecture",
    title="EMR Serverless applications use the ARM64 (Graviton) architecture",
    pillar="sustainability",
    bp_id="SUS05-BP02",
    severity="low",
    service="emr-serverless",
    resource_type="AWS::EMRServerless::Application",
    rationale=(
        "EMR Serverless supports ARM64 workers: lower energy per unit of work and about 20% lower price."
    ),
    remediation='Set architecture = "ARM64" and rebuild native dependencies if any.',
    remediation_terraform='architecture = "ARM64"',
)
def emr_arm64_architecture(inv: Inventory) -> Findings:
    def judge(app: EMRServerlessApp) -> Finding:
        arch = app.architecture or "X86_64"
        return verdict(
            app, arch == "ARM64", "ARM64 (Graviton) workers", f"architecture {arch}", architecture=arch
        )

    yield from each(inv, EMRServerlessApp, "EMR Serverless applications", judge)
