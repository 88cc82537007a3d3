"""Function configuration carries no secrets."""

from __future__ import annotations

import re

from coattail.review.checks._common import Findings, each, unknown_attributes, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory, LambdaFunction
from coattail.review.model import Finding

_SECRET = re.compile(r"(secret|password|passwd|token|api[_-]?key|private[_-]?key|credential)", re.I)


@check(
    id="lambda_env_no_secrets",
    title="Lambda environment variables hold no secret-looking values",
    pillar="security",
    bp_id="SEC02-BP03",
    severity="high",
    service="lambda",
    resource_type="AWS::Lambda::Function",
    rationale="Environment variables are visible to anyone with lambda:GetFunctionConfiguration; secrets "
    "belong in Secrets Manager or SecureString parameters read at runtime.",
    remediation="Move secret values to Secrets Manager/SSM SecureString and pass only their names.",
    remediation_terraform="environment { variables = { TABLE_NAME = aws_dynamodb_table.alerts.name } }",
)
def lambda_env_no_secrets(inv: Inventory) -> Findings:
    def judge(f: LambdaFunction) -> Finding:
        bad = sorted(n for n in f.env_var_names if _SECRET.search(n))
        return unknown_attributes(f, "env_var_names") or verdict(
            f,
            not bad,
            f"{len(f.env_var_names)} environment variable(s), none secret-like",
            f"secret-like environment variables {bad}",
            secret_like=bad,
        )

    yield from each(inv, LambdaFunction, "Lambda functions", judge)
