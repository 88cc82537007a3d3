"""Infrastructure code is scanned for misconfigurations on every change."""

from __future__ import annotations

from coattail.review.checks._common import Findings, repository_finding
from coattail.review.checks._registry import Params, check
from coattail.review.checks._repo import blocking, gate_steps, workflows_or_gap
from coattail.review.inventory import Inventory
from coattail.review.model import Status


@check(
    id="ci_security_scan",
    title="CI runs the required IaC security scanners as blocking steps",
    pillar="security",
    bp_id="SEC11-BP02",
    severity="high",
    service="repository",
    resource_type="file",
    rationale="A static scan of the Terraform (checkov, tfsec) catches public buckets, missing encryption "
    "and wildcard policies before they are deployed.",
    remediation="Add a blocking checkov (and/or tfsec) step over the Terraform directory to CI.",
    params={"scanners": ["checkov"]},
)
def ci_security_scan(inv: Inventory, p: Params) -> Findings:
    workflows, gap = workflows_or_gap(inv)
    if gap is not None:
        yield gap
    for w in workflows:
        found = {x: [s for _, s in gate_steps((w,), [x]) if blocking(w, s)] for x in p.strs("scanners")}
        missing = [x for x, steps in found.items() if not steps]
        yield repository_finding(
            w.path,
            Status.FAIL if missing else Status.PASS,
            f"blocking scanners missing: {', '.join(missing)}"
            if missing
            else f"blocking {', '.join(found)} scan",
            scanners={x: [s.name or s.run for s in v] for x, v in found.items()},
        )
