"""Cases for the confused-deputy check on roles trusted by AWS service principals, and for the
API Gateway stage and method checks."""

from __future__ import annotations

from typing import Any

from coattail.review.inventory import ApiGatewayRestApi, ApiGatewayStage, ApiMethod, IAMRole, PolicyDocument

OWN = "123456789012"


def _role(
    b: Any, name: str, service: str | list[str], condition: dict[str, Any] | None = None, **kw: Any
) -> Any:
    statement: dict[str, Any] = {
        "Effect": "Allow",
        "Principal": {"Service": service},
        "Action": "sts:AssumeRole",
    }
    if condition:
        statement["Condition"] = condition
    trust = PolicyDocument.parse({"Version": "2012-10-17", "Statement": [statement]})
    return b.make(IAMRole, name, id=f"arn:aws:iam::{OWN}:role/{name}", trust_policy=trust, **kw)


def cases(b: Any) -> dict[str, list[Any]]:
    R, P, F, NA = b.Row, b.PASS, b.FAIL, b.NA
    account = {"StringEquals": {"aws:SourceAccount": OWN}}
    return {
        **_stage_cases(b),
        "iam_role_service_trust_source_scoped": [
            R(
                b.inventory(
                    _role(b, "scheduler", "scheduler.amazonaws.com", account),
                    _role(
                        b,
                        "sfn",
                        "states.amazonaws.com",
                        {"ArnLike": {"aws:SourceArn": f"arn:aws:states:us-east-1:{OWN}:stateMachine:*"}},
                    ),
                    _role(
                        b,
                        "tasks",
                        "ecs-tasks.amazonaws.com",
                        {"StringEquals": {"aws:SourceOrgID": "o-abc123"}},
                    ),
                    # not judged: a Lambda execution role, and a service-linked role
                    _role(b, "fn", "lambda.amazonaws.com"),
                    _role(b, "AWSServiceRoleForECS", "ecs.amazonaws.com", path="/aws-service-role/"),
                ),
                {P: {"scheduler", "sfn", "tasks"}},
            ),
            R(
                b.inventory(
                    _role(b, "scheduler", "scheduler.amazonaws.com"),
                    # a Lambda and a state machine share the statement: states is judged
                    _role(b, "shared", ["lambda.amazonaws.com", "states.amazonaws.com"]),
                    # a wildcard source account pins nothing; a negated one neither
                    _role(b, "rule", "events.amazonaws.com", {"StringLike": {"aws:SourceAccount": "*"}}),
                    _role(
                        b,
                        "flow",
                        "vpc-flow-logs.amazonaws.com",
                        {"StringNotEquals": {"aws:SourceAccount": OWN}},
                    ),
                ),
                {F: {"scheduler", "shared", "rule", "flow"}},
            ),
            R(
                b.inventory(_role(b, "fn", "lambda.amazonaws.com")),
                {NA: {"iam:IAM roles trusted by source-context services"}},
            ),
        ],
    }


def _stage_cases(b: Any) -> dict[str, list[Any]]:
    R, P, F = b.Row, b.PASS, b.FAIL

    def method(verb: str, auth: str = "NONE", path: str = "/alerts") -> ApiMethod:
        return ApiMethod(path=path, http_method=verb, authorization_type=auth)

    def api(name: str, *methods: ApiMethod, **kw: Any) -> Any:
        kw.setdefault("endpoint_types", ("REGIONAL",))
        return b.make(ApiGatewayRestApi, name, methods=methods, **kw)

    vpce_only = PolicyDocument.parse(
        {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "*",
                        "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-0a1b2c3d"}}}]}
    )  # fmt: skip
    return {
        "apigateway_write_methods_authorized": [
            R(
                b.inventory(
                    api("market-data", method("GET"), method("OPTIONS"), method("POST", "AWS_IAM")),
                    api("internal", method("POST"), endpoint_types=("PRIVATE",)),
                    api("vpce", method("DELETE"), policy=vpce_only),
                    api("cognito", method("ANY", "COGNITO_USER_POOLS")),
                ),
                {P: {"market-data", "internal", "vpce", "cognito"}},
            ),
            R(
                b.inventory(
                    api("orders", method("GET"), method("POST")),
                    api("edge", method("ANY", path="/{proxy+}"), endpoint_types=("EDGE",)),
                    b.make(ApiGatewayRestApi, "not-read"),
                ),
                {F: {"orders", "edge"}, b.UNKNOWN: {"not-read"}},
            ),
        ],
        "apigateway_stage_tracing": [
            R(
                b.inventory(b.make(ApiGatewayStage, "prod", stage_name="prod", tracing_enabled=True)),
                {P: {"prod"}},
            ),
            R(
                b.inventory(b.make(ApiGatewayStage, "dev", stage_name="dev", tracing_enabled=False)),
                {F: {"dev"}},
            ),
        ],
    }
