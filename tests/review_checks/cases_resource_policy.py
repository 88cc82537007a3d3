"""Cases for the resource-policy exposure check (public, cross-account, restricted)."""

from __future__ import annotations

from typing import Any

from coattail.review.inventory import (
    ApiGatewayRestApi,
    DynamoDBTable,
    ECRRepository,
    EventBus,
    GlueDataCatalog,
    KinesisStream,
    KMSKey,
    LambdaFunction,
    PolicyDocument,
    S3Bucket,
    Secret,
    SNSTopic,
    SQSQueue,
)

OWN = "123456789012"


def _policy(principal: Any, action: str, condition: dict[str, Any] | None = None) -> PolicyDocument:
    statement: dict[str, Any] = {"Effect": "Allow", "Principal": principal, "Action": action, "Resource": "*"}
    if condition:
        statement["Condition"] = condition
    document = PolicyDocument.parse({"Version": "2012-10-17", "Statement": [statement]})
    assert document is not None
    return document


def _document(*statements: dict[str, Any]) -> PolicyDocument:
    document = PolicyDocument.parse({"Version": "2012-10-17", "Statement": list(statements)})
    assert document is not None
    return document


INVOKE = "execute-api:Invoke"
API = "execute-api:/*"


def _deny_unless(operator: str, key: str, value: str) -> dict[str, Any]:
    """A Deny to everyone of invoking the API unless ``key`` matches (API Gateway's documented form)."""
    return {"Effect": "Deny", "Principal": "*", "Action": INVOKE, "Resource": API,
            "Condition": {operator: {key: value}}}  # fmt: skip


OPEN_API = {"Effect": "Allow", "Principal": "*", "Action": INVOKE, "Resource": API}


def cases(b: Any) -> dict[str, list[Any]]:
    R, P, F = b.Row, b.PASS, b.FAIL
    good = b.make(
        ECRRepository, "api", policy=_policy({"AWS": f"arn:aws:iam::{OWN}:role/ci"}, "ecr:BatchGetImage")
    )
    own_account = {"StringEquals": {"aws:SourceAccount": OWN}}
    tls_only = PolicyDocument.parse(
        {
            "Statement": [
                {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
                 "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
            ]
        }
    )  # fmt: skip
    return {
        "resource_policy_not_public": [
            R(
                b.inventory(
                    b.make(S3Bucket, "private", policy=tls_only),
                    b.make(SNSTopic, "alarms", policy=_policy("*", "sns:Publish", own_account)),
                    b.make(KMSKey, "key", policy=_policy({"AWS": f"arn:aws:iam::{OWN}:root"}, "kms:*")),
                    b.make(SNSTopic, "no-policy"),
                    b.make(
                        SQSQueue,
                        "events",
                        policy=_policy(
                            {"Service": "events.amazonaws.com"},
                            "sqs:SendMessage",
                            {"ArnEquals": {"aws:SourceArn": f"arn:aws:events:us-east-1:{OWN}:rule/x"}},
                        ),
                    ),
                ),
                {P: {"private", "alarms", "key", "events"}},
            ),
            R(
                b.inventory(
                    b.make(S3Bucket, "open", policy=_policy("*", "s3:GetObject")),
                    b.make(SNSTopic, "open-topic", policy=_policy({"AWS": "*"}, "sns:Publish")),
                    b.make(
                        KMSKey,
                        "shared",
                        policy=_policy({"AWS": "arn:aws:iam::999988887777:root"}, "kms:Decrypt"),
                    ),
                    b.make(SQSQueue, "inbox", policy=_policy("*", "sqs:SendMessage")),
                ),
                {F: {"open", "open-topic", "shared", "inbox"}},
            ),
            R(
                b.inventory(
                    b.make(
                        LambdaFunction,
                        "api",
                        policy=_policy(
                            {"Service": "apigateway.amazonaws.com"},
                            "lambda:InvokeFunction",
                            {"ArnLike": {"AWS:SourceArn": f"arn:aws:execute-api:us-east-1:{OWN}:abc/*"}},
                        ),
                    ),
                    b.make(
                        KinesisStream,
                        "clicks",
                        policy=_policy({"AWS": f"arn:aws:iam::{OWN}:role/reader"}, "kinesis:GetRecords"),
                    ),
                    b.make(
                        DynamoDBTable,
                        "carts",
                        policy=_policy({"AWS": f"arn:aws:iam::{OWN}:root"}, "dynamodb:GetItem"),
                    ),
                    b.make(LambdaFunction, "no-policy"),
                ),
                {P: {"api", "clicks", "carts"}},
            ),
            R(
                b.inventory(
                    b.make(LambdaFunction, "open-fn", policy=_policy("*", "lambda:InvokeFunction")),
                    b.make(
                        KinesisStream,
                        "shared",
                        policy=_policy({"AWS": "arn:aws:iam::999988887777:root"}, "kinesis:GetRecords"),
                    ),
                    b.make(DynamoDBTable, "open-table", policy=_policy({"AWS": "*"}, "dynamodb:Scan")),
                ),
                {F: {"open-fn", "shared", "open-table"}},
            ),
            R(
                b.inventory(
                    good,
                    b.make(
                        EventBus,
                        "default",
                        policy=_policy({"AWS": f"arn:aws:iam::{OWN}:root"}, "events:PutEvents"),
                    ),
                ),
                {P: {"api", "default"}},
            ),
            R(
                b.inventory(
                    b.make(ECRRepository, "pullable", policy=_policy("*", "ecr:BatchGetImage")),
                    b.make(
                        EventBus,
                        "partners",
                        policy=_policy({"AWS": "arn:aws:iam::999988887777:root"}, "events:PutEvents"),
                    ),
                ),
                {F: {"pullable", "partners"}},
            ),
            # an account the profile trusts is not a finding
            R(
                b.inventory(
                    b.make(
                        KMSKey,
                        "shared",
                        policy=_policy({"AWS": "arn:aws:iam::999988887777:root"}, "kms:Decrypt"),
                    )
                ),
                {P: {"shared"}},
                {"trusted_accounts": ["999988887777"]},
            ),
            # Secrets Manager secrets: readable by the account, or by anyone
            R(
                b.inventory(
                    b.make(
                        Secret,
                        "db-password",
                        policy=_policy({"AWS": f"arn:aws:iam::{OWN}:root"}, "secretsmanager:GetSecretValue"),
                    ),
                    b.make(Secret, "api-key", policy=_policy("*", "secretsmanager:GetSecretValue")),
                ),
                {P: {"db-password"}, F: {"api-key"}},
            ),
            # API Gateway REST APIs: private (deny unless the VPC endpoint), IP allow-listed, or
            # invocable by this account only; open to anyone, or "guarded" by a /0 range
            R(
                b.inventory(
                    b.make(
                        ApiGatewayRestApi,
                        "private-api",
                        policy=_document(
                            _deny_unless("StringNotEquals", "aws:SourceVpce", "vpce-0a1b2c3d"), OPEN_API
                        ),
                    ),
                    b.make(
                        ApiGatewayRestApi,
                        "office-api",
                        policy=_document(
                            _deny_unless("NotIpAddress", "aws:SourceIp", "203.0.113.0/24"), OPEN_API
                        ),
                    ),
                    b.make(
                        ApiGatewayRestApi,
                        "account-api",
                        policy=_policy({"AWS": f"arn:aws:iam::{OWN}:root"}, INVOKE),
                    ),
                    b.make(ApiGatewayRestApi, "no-policy-api"),
                ),
                {P: {"private-api", "office-api", "account-api"}},
            ),
            R(
                b.inventory(
                    b.make(ApiGatewayRestApi, "open-api", policy=_document(OPEN_API)),
                    b.make(
                        ApiGatewayRestApi,
                        "everywhere-api",
                        policy=_document(_deny_unless("NotIpAddress", "aws:SourceIp", "0.0.0.0/0"), OPEN_API),
                    ),
                    # the Deny guards another action than the Allow grants: the Allow stays public
                    b.make(
                        ApiGatewayRestApi,
                        "half-guarded-api",
                        policy=_document(
                            {
                                **_deny_unless("StringNotEquals", "aws:SourceVpce", "vpce-0a1b2c3d"),
                                "Action": "execute-api:ManageConnections",
                            },
                            OPEN_API,
                        ),
                    ),
                    b.make(
                        ApiGatewayRestApi,
                        "partner-vpce-api",
                        policy=_document(
                            _deny_unless("StringNotEquals", "aws:SourceAccount", "999988887777"), OPEN_API
                        ),
                    ),
                ),
                {F: {"open-api", "everywhere-api", "half-guarded-api", "partner-vpce-api"}},
            ),
            # the Glue Data Catalog policy: this account and its organisation, or a foreign account
            R(
                b.inventory(
                    b.make(
                        GlueDataCatalog,
                        "catalog-us",
                        policy=_policy(
                            "*", "glue:GetTable", {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}
                        ),
                    ),
                ),
                {P: {"catalog-us"}},
            ),
            R(
                b.inventory(
                    b.make(
                        GlueDataCatalog,
                        "catalog-us",
                        policy=_policy({"AWS": "arn:aws:iam::999988887777:root"}, "glue:*"),
                    ),
                    b.make(
                        GlueDataCatalog,
                        "catalog-eu",
                        policy=_policy("*", "glue:GetDatabases"),
                    ),
                ),
                {F: {"catalog-us", "catalog-eu"}},
            ),
        ],
    }
