"""Functions run on a runtime that still receives security patches."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, verdict
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import Inventory, LambdaFunction
from coattail.review.model import Finding


@check(
    id="lambda_runtime_supported",
    title="Lambda functions use a supported (not deprecated) runtime",
    pillar="operational_excellence",
    bp_id="OPS05-BP05",
    severity="high",
    service="lambda",
    resource_type="AWS::Lambda::Function",
    rationale="Deprecated runtimes stop receiving security patches, and functions on them can no longer be "
    "updated after the block date.",
    remediation="Move the function to a supported runtime (python3.12 or newer).",
    remediation_terraform='runtime = "python3.12"',
    params={
        "supported": [
            "python3.11",
            "python3.12",
            "python3.13",
            "python3.14",
            "nodejs20.x",
            "nodejs22.x",
            "nodejs24.x",
            "java17",
            "java21",
            "dotnet8",
            "ruby3.3",
            "ruby3.4",
            "provided.al2023",
            "provided.al2",
        ]
    },
)
def lambda_runtime_supported(inv: Inventory, p: Params) -> Findings:
    def judge(f: LambdaFunction) -> Finding:
        image = f.package_type == "Image"
        return verdict(
            f,
            image or f.runtime in p.strs("supported"),
            "container image (runtime managed in the image)" if image else f"runtime {f.runtime} supported",
            f"runtime {f.runtime} is not on the supported list",
            runtime=f.runtime,
        )

    yield from each(inv, LambdaFunction, "Lambda functions", judge)
