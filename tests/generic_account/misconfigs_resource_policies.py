"""Misconfigurations of the REST API's and the Data Catalog's resource policies."""

from __future__ import annotations

import json
from typing import Any

from tests.generic_account.seed_core import BUCKET
from tests.generic_account.seed_resource_policies import REST_API, catalog_policy

#: Another account's canonical user id (the S3 documentation's example id).
OTHER_CANONICAL_ID = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"


def _api_open_to_anyone(aws: Any) -> None:
    api = aws("apigateway")
    api_id = next(a["id"] for a in api.get_rest_apis()["items"] if a["name"] == REST_API)
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "execute-api:Invoke",
                "Resource": "execute-api:/*",
            }
        ],
    }
    api.update_rest_api(
        restApiId=api_id, patchOperations=[{"op": "replace", "path": "/policy", "value": json.dumps(policy)}]
    )


def _catalog_public(aws: Any) -> None:
    aws("glue").put_resource_policy(PolicyInJson=catalog_policy("*"))


def _bucket_acl_shared(aws: Any) -> None:
    """ACLs re-enabled and the bucket readable by another account's canonical user."""
    s3 = aws("s3")
    s3.put_bucket_ownership_controls(
        Bucket=BUCKET, OwnershipControls={"Rules": [{"ObjectOwnership": "BucketOwnerPreferred"}]}
    )
    owner = s3.get_bucket_acl(Bucket=BUCKET)["Owner"]["ID"]
    s3.put_bucket_acl(Bucket=BUCKET, GrantFullControl=f"id={owner}", GrantRead=f"id={OTHER_CANONICAL_ID}")


def _flow_log_role_unpinned(aws: Any) -> None:
    """The flow-log delivery role trusts the service without aws:SourceAccount (confused deputy)."""
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "vpc-flow-logs.amazonaws.com"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
    aws("iam").update_assume_role_policy(RoleName="shop-flow-logs", PolicyDocument=json.dumps(trust))


def misconfigurations(M: Any) -> list[Any]:
    return [
        M("REST API policy opened to everyone", "resource_policy_not_public", REST_API, _api_open_to_anyone),
        M("Data Catalog readable by anyone", "resource_policy_not_public", "catalog", _catalog_public),
        M(
            "Flow-log role trusted by the service from any account",
            "iam_role_service_trust_source_scoped",
            "shop-flow-logs",
            _flow_log_role_unpinned,
        ),
        M(
            "Bucket ACL grants read to another account",
            "s3_bucket_acl_not_public",
            BUCKET,
            _bucket_acl_shared,
        ),
    ]
