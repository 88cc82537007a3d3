"""Function memory is sized, not maxed out."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown_attributes, verdict
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import Inventory, LambdaFunction
from coattail.review.model import Finding


@check(
    id="lambda_memory_right_sized",
    title="Lambda memory is within the documented range",
    pillar="performance_efficiency",
    bp_id="PERF02-BP04",
    severity="low",
    service="lambda",
    resource_type="AWS::Lambda::Function",
    rationale="Memory also sets CPU: too little makes requests slow, too much pays for idle capacity. "
    "Sizes outside the measured range deserve a look.",
    remediation="Measure (e.g. Lambda Power Tuning) and set memory_size within the range.",
    remediation_terraform="memory_size = 256",
    params={"min_mb": 128, "max_mb": 3008},
)
def lambda_memory_right_sized(inv: Inventory, p: Params) -> Findings:
    lo, hi = p.int("min_mb"), p.int("max_mb")

    def judge(f: LambdaFunction) -> Finding:
        mb = f.memory_mb
        return unknown_attributes(f, "memory_mb") or verdict(
            f,
            mb is not None and lo <= mb <= hi,
            f"memory {mb} MB (within {lo}-{hi} MB)",
            f"memory {mb} MB outside {lo}-{hi} MB",
            memory_mb=mb,
        )

    yield from each(inv, LambdaFunction, "Lambda functions", judge)
