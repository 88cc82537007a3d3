"""The clean account's other resource policies: a private REST API (invocable only through the
account's VPC endpoint) and a Data Catalog policy that shares the catalog with this account only."""

from __future__ import annotations

import json
from typing import Any

from tests.generic_account.seed_core import ACCOUNT, TAGS

REST_API = "shop-orders-internal"
VPC_ENDPOINT = "vpce-0a1b2c3d4e5f60718"
CATALOG_ARN = f"arn:aws:glue:us-east-1:{ACCOUNT}:catalog"


def private_api_policy() -> str:
    """API Gateway's documented private-API form: invoke allowed, denied unless through the endpoint."""
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Deny",
                    "Principal": "*",
                    "Action": "execute-api:Invoke",
                    "Resource": "execute-api:/*",
                    "Condition": {"StringNotEquals": {"aws:SourceVpce": VPC_ENDPOINT}},
                },
                {
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "execute-api:Invoke",
                    "Resource": "execute-api:/*",
                },
            ],
        }
    )


def catalog_policy(principal: Any) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": principal,
                    "Action": ["glue:GetDatabase", "glue:GetTable", "glue:GetTables"],
                    "Resource": [CATALOG_ARN, f"arn:aws:glue:us-east-1:{ACCOUNT}:database/*",
                                 f"arn:aws:glue:us-east-1:{ACCOUNT}:table/*/*"],
                }
            ],
        }
    )  # fmt: skip


def seed(aws: Any) -> None:
    aws("apigateway").create_rest_api(
        name=REST_API,
        description="order lookups for the shop's services, private to the VPC",
        endpointConfiguration={"types": ["PRIVATE"], "vpcEndpointIds": [VPC_ENDPOINT]},
        policy=private_api_policy(),
        tags=TAGS,
    )
    aws("glue").put_resource_policy(PolicyInJson=catalog_policy({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}))
