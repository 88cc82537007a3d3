"""Cases for the resource-policy exposure check (public, cross-account, restricted)."""

from __future__ import annotations

from typing import Any

from coattail.review.inventory import (
    DynamoDBTable,
    ECRRepository,
    EventBus,
    KinesisStream,
    KMSKey,
    LambdaFunction,
    PolicyDocument,
    S3Bucket,
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
        ],
    }
