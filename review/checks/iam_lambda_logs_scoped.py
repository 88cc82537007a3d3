"""Function roles write logs to their own log groups only."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, verdict
from coattail.review.checks._iam import allow_statements, unknown_permissions
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import IAMRole, Inventory
from coattail.review.model import Finding


def _runs_lambda(role: IAMRole, function_roles: set[str]) -> bool:
    return role.id in function_roles or "lambda.amazonaws.com" in role.trusted_principals


@check(
    id="iam_lambda_logs_scoped",
    title="Lambda roles write logs only to named log groups (no AWSLambdaBasicExecutionRole)",
    pillar="security",
    bp_id="SEC03-BP02",
    severity="medium",
    service="iam",
    resource_type="AWS::IAM::Role",
    rationale='AWSLambdaBasicExecutionRole grants log writes on "*": any function can write into any log '
    "group, including to forge audit trails.",
    remediation="Replace the managed policy with logs:CreateLogStream/PutLogEvents on the function's "
    "log group ARN.",
    remediation_terraform='resources = ["${aws_cloudwatch_log_group.api.arn}:*"]',
    params={"broad_policies": ["AWSLambdaBasicExecutionRole", "AWSLambdaVPCAccessExecutionRole"]},
)
def iam_lambda_logs_scoped(inv: Inventory, p: Params) -> Findings:
    function_roles = {f.role_arn for f in inv.lambda_functions if f.role_arn}

    def judge(role: IAMRole) -> Finding:
        managed = sorted(x.name for x in role.attached_policies if x.name in p.strs("broad_policies"))
        star = sorted(
            {
                a
                for _, s in allow_statements(role)
                if s.wildcard_resource
                for a in s.actions
                if a.startswith("logs:")
            }
        )
        return unknown_permissions(role, managed + star) or verdict(
            role,
            not managed and not star,
            "log permissions scoped to named log groups",
            f"log writes on every log group via {', '.join(managed + star)}",
            broad_policies=managed,
            star_log_actions=star,
        )

    yield from each(
        inv, IAMRole, "Lambda execution roles", judge, select=lambda r: _runs_lambda(r, function_roles)
    )
