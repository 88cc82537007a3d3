"""Runtime configuration and service discovery live in Parameter Store."""

from __future__ import annotations

from coattail.review.checks._common import Findings, distinct_count, none_found, verdict
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import Inventory, SSMParameter


@check(
    id="ssm_runtime_parameters",
    kind="claim",
    title="The documented runtime parameters exist under the project's SSM path",
    pillar="operational_excellence",
    bp_id="OPS05-BP03",
    severity="medium",
    service="ssm",
    resource_type="AWS::SSM::Parameter",
    rationale="Components discover stream, table and bucket names at runtime instead of hard-coding them, "
    "so one deployment's code runs in any environment.",
    remediation="Write each runtime name to an SSM parameter under /<project>/<environment>/.",
    remediation_terraform='resource "aws_ssm_parameter" "runtime" { for_each = local.parameters\n'
    '  name = "/${var.project}/${var.environment}/${each.key}"  type = "String" }',
    params={"path": "/", "names": []},
)
def ssm_runtime_parameters(inv: Inventory, p: Params) -> Findings:
    path = p.str("path")
    found = [x for x in inv.ssm_parameters if x.name.startswith(path)]
    present = {x.name.removeprefix(path) for x in found}
    missing = [n for n in p.strs("names") if n not in present]
    count = distinct_count(found)
    for x in found:
        yield verdict(
            x,
            not missing,
            f"one of {count} runtime parameters under {path} ({x.parameter_type})",
            f"{count} parameters under {path}; missing {missing}",
            parameter_type=x.parameter_type,
            missing=missing,
        )
    if not found:
        yield none_found(inv, SSMParameter, f"SSM parameters under {path}", required=bool(p.strs("names")))
