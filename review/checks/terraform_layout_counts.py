"""The whole stack is code: a Terraform root with the documented modules, variables and outputs."""

from __future__ import annotations

from coattail.review.checks._common import Findings, no_repository, repository_finding
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import Inventory
from coattail.review.model import Status


@check(
    id="terraform_layout_counts",
    kind="claim",
    title="Infrastructure is one Terraform root with the documented modules, variables and outputs",
    pillar="operational_excellence",
    bp_id="OPS05-BP04",
    severity="high",
    service="terraform",
    resource_type="file",
    rationale="One apply deploys the full stack reproducibly; modules with typed inputs and outputs keep "
    "each part reviewable and reusable.",
    remediation="Move every resource into the Terraform root or its modules; expose inputs as variables.",
    params={"min_modules": 1, "root_variables": None, "root_outputs": None, "modules": []},
)
def terraform_layout_counts(inv: Inventory, p: Params) -> Findings:
    repo = inv.repository
    if repo is None:
        yield no_repository(inv, "the Terraform layout")
        return
    tf = repo.terraform
    if tf is None or not tf.exists:
        yield repository_finding(tf.root if tf else "infra", Status.FAIL, "no Terraform root module found")
        return
    names = {d.rstrip("/").rsplit("/", 1)[-1] for d in tf.module_dirs}
    problems = []
    if tf.module_count < p.int("min_modules"):
        problems.append(f"{tf.module_count} modules < {p.int('min_modules')}")
    for key, seen in (("root_variables", tf.root_variable_count), ("root_outputs", tf.root_output_count)):
        if p[key] is not None and seen != p.int(key):
            problems.append(f"{seen} {key.replace('_', ' ')} != {p.int(key)}")
    missing = [m for m in p.strs("modules") if m not in names]
    if missing:
        problems.append(f"modules missing: {', '.join(missing)}")
    yield repository_finding(
        tf.root,
        Status.FAIL if problems else Status.PASS,
        "; ".join(problems)
        or f"{tf.module_count} modules, {tf.root_variable_count} variables, {tf.root_output_count} outputs, "
        f"{tf.resource_count} resources",
        modules=sorted(names),
        root_variables=tf.root_variable_count,
        root_outputs=tf.root_output_count,
        resources=tf.resource_count,
    )
