"""Functions fail fast instead of hanging on a stuck dependency."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, first_match, unknown_attributes, verdict
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import Inventory, LambdaFunction
from coattail.review.model import Finding


@check(
    id="lambda_timeout_bounded",
    title="Lambda timeouts are within the documented bound for the function's caller",
    pillar="reliability",
    bp_id="REL05-BP05",
    severity="medium",
    service="lambda",
    resource_type="AWS::Lambda::Function",
    rationale="A function behind API Gateway that runs past 29 s returns a 504 anyway; long timeouts "
    "only hold concurrency and cost.",
    remediation="Set the timeout to the caller's limit (API: <= 29 s; batch: what the work needs).",
    remediation_terraform="timeout = 10",
    params={"max_seconds": {"*": 900}},
)
def lambda_timeout_bounded(inv: Inventory, p: Params) -> Findings:
    limits = p.mapping("max_seconds")

    def judge(f: LambdaFunction) -> Finding:
        limit = first_match(f.name, limits)
        ok = f.timeout_seconds is not None and (limit is None or f.timeout_seconds <= limit)
        return unknown_attributes(f, "timeout_seconds") or verdict(
            f,
            ok,
            f"timeout {f.timeout_seconds} s (<= {limit} s)",
            f"timeout {f.timeout_seconds} s exceeds {limit} s",
            timeout_seconds=f.timeout_seconds,
            limit=limit,
        )

    yield from each(inv, LambdaFunction, "Lambda functions", judge)
