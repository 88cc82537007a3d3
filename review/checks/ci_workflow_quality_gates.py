"""Every change passes lint, type-check, tests, Terraform validation and a security scan in CI."""

from __future__ import annotations

from coattail.review.checks._common import Findings, repository_finding
from coattail.review.checks._registry import Params, check
from coattail.review.checks._repo import gate_steps, workflows_or_gap
from coattail.review.inventory import Inventory
from coattail.review.model import Status


@check(
    id="ci_workflow_quality_gates",
    title="The CI workflow runs lint, type-check, tests, terraform validate and a security scan",
    pillar="operational_excellence",
    bp_id="OPS05-BP02",
    severity="high",
    service="repository",
    resource_type="file",
    rationale="Automated gates on every change catch defects before they reach an environment and make "
    "small, frequent changes safe.",
    remediation="Add a job (or step) per gate to .github/workflows/ci.yml.",
    remediation_terraform=None,
    params={
        "gates": {
            "lint": ["ruff", "flake8", "pylint"],
            "type_check": ["mypy", "pyright"],
            "test": ["pytest", "test.sh"],
            "terraform_validate": ["terraform validate"],
            "security_scan": ["checkov", "tfsec", "trivy"],
        }
    },
)
def ci_workflow_quality_gates(inv: Inventory, p: Params) -> Findings:
    workflows, gap = workflows_or_gap(inv)
    if gap is not None:
        yield gap
    for w in workflows:
        found = {
            g: [s.name or s.run or s.uses for _, s in gate_steps((w,), kws)]
            for g, kws in p.mapping("gates").items()
        }
        missing = [g for g, steps in found.items() if not steps]
        yield repository_finding(
            w.path,
            Status.FAIL if missing else Status.PASS,
            f"missing gates: {', '.join(missing)}" if missing else f"gates {', '.join(found)} present",
            gates={g: [str(x) for x in v] for g, v in found.items()},
        )
