"""Misconfigurations of the clean account's function and of the stream's and table's resource policies."""

from __future__ import annotations

import json
from typing import Any

from tests.generic_account.seed_compute import FUNCTION, ROLE


def _policy(principal: Any, actions: list[str], resource: str) -> str:
    statement = {"Effect": "Allow", "Principal": principal, "Action": actions, "Resource": resource}
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def _invocable_by_anyone(aws: Any) -> None:
    aws("lambda").add_permission(
        FunctionName=FUNCTION, StatementId="anyone", Action="lambda:InvokeFunction", Principal="*"
    )


def _stream_shared_with_foreign_account(aws: Any) -> None:
    arn = aws("kinesis").describe_stream_summary(StreamName="shop-clicks")["StreamDescriptionSummary"][
        "StreamARN"
    ]
    policy = _policy(
        {"AWS": "arn:aws:iam::999988887777:root"}, ["kinesis:GetRecords", "kinesis:GetShardIterator"], arn
    )
    aws("kinesis").put_resource_policy(ResourceARN=arn, Policy=policy)


def _table_public(aws: Any) -> None:
    arn = aws("dynamodb").describe_table(TableName="shop-carts")["Table"]["TableArn"]
    aws("dynamodb").put_resource_policy(
        ResourceArn=arn, Policy=_policy({"AWS": "*"}, ["dynamodb:GetItem"], arn)
    )


def _one_subnet(aws: Any) -> None:
    config = aws("lambda").get_function_configuration(FunctionName=FUNCTION)["VpcConfig"]
    aws("lambda").update_function_configuration(
        FunctionName=FUNCTION,
        VpcConfig={"SubnetIds": config["SubnetIds"][:1], "SecurityGroupIds": config["SecurityGroupIds"]},
    )


def _trust(statement: dict[str, Any]) -> Any:
    def apply(aws: Any) -> None:
        current = aws("iam").get_role(RoleName=ROLE)["Role"]["AssumeRolePolicyDocument"]
        document = json.loads(current) if isinstance(current, str) else current
        document["Statement"].append({"Effect": "Allow", "Action": "sts:AssumeRole", **statement})
        aws("iam").update_assume_role_policy(RoleName=ROLE, PolicyDocument=json.dumps(document))

    return apply


def misconfigurations(M: Any) -> list[Any]:
    return [
        M(
            "Role assumable by a foreign account without an external id",
            "iam_role_trust_scoped",
            ROLE,
            _trust({"Principal": {"AWS": "arn:aws:iam::999988887777:root"}}),
        ),
        M(
            "Role assumable by anyone with MFA",
            "iam_role_trust_scoped",
            ROLE,
            _trust(
                {"Principal": {"AWS": "*"}, "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}
            ),
        ),
        M(
            "Lambda function invocable by anyone",
            "resource_policy_not_public",
            FUNCTION,
            _invocable_by_anyone,
        ),
        M(
            "Kinesis stream readable by a foreign account",
            "resource_policy_not_public",
            "shop-clicks",
            _stream_shared_with_foreign_account,
        ),
        M(
            "DynamoDB table policy open to every principal",
            "resource_policy_not_public",
            "shop-carts",
            _table_public,
        ),
        M("Lambda function pinned to one AZ", "storage_multi_az", FUNCTION, _one_subnet),
        M(
            "Lambda tracing turned off",
            "lambda_tracing_active",
            FUNCTION,
            lambda aws: aws("lambda").update_function_configuration(
                FunctionName=FUNCTION, TracingConfig={"Mode": "PassThrough"}
            ),
        ),
        M(
            "Lambda reserved concurrency removed",
            "lambda_reserved_concurrency",
            FUNCTION,
            lambda aws: aws("lambda").delete_function_concurrency(FunctionName=FUNCTION),
        ),
        M(
            "Lambda log group kept forever",
            "log_group_retention_bounded",
            FUNCTION,
            lambda aws: aws("logs").delete_retention_policy(logGroupName=f"/aws/lambda/{FUNCTION}"),
        ),
        M(
            "Lambda log group kept one day",
            "log_group_retention_set",
            FUNCTION,
            lambda aws: aws("logs").put_retention_policy(
                logGroupName=f"/aws/lambda/{FUNCTION}", retentionInDays=1
            ),
        ),
    ]
