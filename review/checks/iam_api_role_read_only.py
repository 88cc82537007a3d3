"""The API function can only read its one table."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, matches, verdict
from coattail.review.checks._iam import action_in, allow_statements, is_write, unknown_permissions
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import IAMRole, Inventory
from coattail.review.model import Finding


def _table(resource: str) -> str:
    return resource.split("/index/")[0]


@check(
    id="iam_api_role_read_only",
    kind="claim",
    title="The API role reads (never writes) exactly the documented DynamoDB tables",
    pillar="security",
    bp_id="SEC03-BP02",
    severity="high",
    service="iam",
    resource_type="AWS::IAM::Role",
    rationale="The API is the public entry point; a read-only grant on one table bounds what a bug or an "
    "injection can do.",
    remediation="Grant dynamodb:GetItem/Query/Scan on the table ARN and its index/* ARN only.",
    remediation_terraform='actions = ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan"]\n'
    'resources = [table_arn, "${table_arn}/index/*"]',
    params={
        "roles": ["*api*"],
        "max_tables": 1,
        "allowed_writes": [
            "logs:CreateLogStream",
            "logs:PutLogEvents",
            "xray:Put*",
            "cloudwatch:PutMetricData",
            "sqs:SendMessage",
        ],
    },
)
def iam_api_role_read_only(inv: Inventory, p: Params) -> Findings:
    def judge(role: IAMRole) -> Finding:
        stmts = [s for _, s in allow_statements(role)]
        ddb = [s for s in stmts if any(a.lower().startswith("dynamodb:") or a == "*" for a in s.actions)]
        allowed = p.strs("allowed_writes")
        writes = sorted({a for s in stmts for a in s.actions if is_write(a) and not action_in(a, allowed)})
        tables = sorted({_table(r) for s in ddb for r in s.resources})
        ok = bool(ddb) and not writes and "*" not in tables and len(tables) <= p.int("max_tables")
        over = tables if "*" in tables or len(tables) > p.int("max_tables") else []
        return unknown_permissions(role, writes + over, exact_resources=True) or verdict(
            role,
            ok,
            f"read-only ({', '.join(sorted({a for s in ddb for a in s.actions}))}) on {', '.join(tables)}",
            f"write actions {writes or 'none'}; tables {tables or 'none'}",
            write_actions=writes,
            tables=tables,
        )

    yield from each(
        inv, IAMRole, "API roles", judge, select=lambda r: matches(r.name, p.strs("roles")), required=True
    )
