"""A traffic burst on one function cannot starve the rest of the account."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown_attributes, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory, LambdaFunction
from coattail.review.model import Finding


@check(
    id="lambda_reserved_concurrency",
    title="Lambda functions have reserved concurrency",
    pillar="reliability",
    bp_id="REL05-BP02",
    severity="low",
    service="lambda",
    resource_type="AWS::Lambda::Function",
    rationale="Reserved concurrency caps a function (throttling floods) and guarantees it capacity when "
    "others spike.",
    remediation="Set reserved_concurrent_executions to the function's expected peak.",
    remediation_terraform="reserved_concurrent_executions = 10",
)
def lambda_reserved_concurrency(inv: Inventory) -> Findings:
    def judge(f: LambdaFunction) -> Finding:
        n = f.reserved_concurrency
        return unknown_attributes(f, "reserved_concurrency") or verdict(
            f,
            n is not None and n > 0,
            f"reserved concurrency {n}",
            "concurrency unreserved" if n is None else f"reserved concurrency {n} (function disabled)",
            reserved_concurrency=n,
        )

    yield from each(inv, LambdaFunction, "Lambda functions", judge)
