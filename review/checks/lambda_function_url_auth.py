"""No function URL lets anyone on the internet invoke a function without signing."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown_attributes, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import Inventory, LambdaFunction
from coattail.review.model import Finding


@check(
    id="lambda_function_url_auth",
    title="Lambda function URLs require IAM authentication",
    pillar="security",
    bp_id="SEC03-BP07",
    severity="high",
    service="lambda",
    resource_type="AWS::Lambda::Function",
    rationale="A function URL with AuthType NONE is a public HTTPS endpoint: anyone who learns it "
    "invokes the function with its role's permissions, with no throttling, WAF or API key in front.",
    remediation="aws lambda update-function-url-config --function-name <name> --auth-type AWS_IAM "
    "(or delete-function-url-config and serve the function through API Gateway)",
    remediation_terraform='authorization_type = "AWS_IAM"   # aws_lambda_function_url',
)
def lambda_function_url_auth(inv: Inventory) -> Findings:
    def judge(f: LambdaFunction) -> Finding:
        auth = f.url_auth_type
        return unknown_attributes(f, "url_auth_type") or verdict(
            f,
            auth != "NONE",
            "no function URL" if auth is None else f"function URL requires {auth} authentication",
            "function URL with AuthType NONE: invocable by anyone on the internet",
            url_auth_type=auth,
        )

    yield from each(inv, LambdaFunction, "Lambda functions", judge)
