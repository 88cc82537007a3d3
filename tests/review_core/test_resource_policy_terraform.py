"""The Terraform view of the resource policies and ACLs the exposure checks judge (a raw state)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from coattail.review.checks._registry import load_checks
from coattail.review.collectors.terraform import TerraformOptions, collect_terraform
from coattail.review.inventory.s3 import ALL_USERS
from coattail.review.model import Status

ACCOUNT = "111122223333"
OPEN = json.dumps(
    {"Version": "2012-10-17",
     "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "*"}]}
)  # fmt: skip


def _resource(rtype: str, name: str, attributes: dict[str, Any]) -> dict[str, Any]:
    return {"mode": "managed", "type": rtype, "name": name, "instances": [{"attributes": attributes}]}


def test_acl_api_and_catalog_policies_are_read_from_terraform(tmp_path: Path) -> None:
    bucket = "site-111122223333"
    state = {
        "version": 4,
        "resources": [
            _resource("aws_s3_bucket", "site", {"bucket": bucket, "arn": f"arn:aws:s3:::{bucket}"}),
            _resource("aws_s3_bucket_ownership_controls", "site",
                      {"bucket": bucket, "rule": [{"object_ownership": "BucketOwnerPreferred"}]}),
            _resource("aws_s3_bucket_acl", "site", {"bucket": bucket, "acl": "public-read"}),
            _resource("aws_api_gateway_rest_api", "api", {
                "id": "a1b2c3", "name": "orders", "root_resource_id": "r00t",
                "arn": "arn:aws:apigateway:eu-west-1::/restapis/a1b2c3",
                "endpoint_configuration": [{"types": ["REGIONAL"]}]}),
            _resource("aws_api_gateway_rest_api_policy", "api", {"rest_api_id": "a1b2c3", "policy": OPEN}),
            _resource("aws_api_gateway_method", "post", {
                "rest_api_id": "a1b2c3", "resource_id": "r00t", "http_method": "POST",
                "authorization": "NONE"}),
            _resource("aws_glue_resource_policy", "catalog",
                      {"policy": OPEN.replace("execute-api:Invoke", "glue:*")}),
            # (an ARN that names the account and region the state is in)
            _resource("aws_kinesis_stream", "s",
                      {"name": "s", "arn": f"arn:aws:kinesis:eu-west-1:{ACCOUNT}:stream/s"}),
        ],
    }  # fmt: skip
    (tmp_path / "terraform.tfstate").write_text(json.dumps(state))
    inv = collect_terraform(TerraformOptions(plan_json=tmp_path / "terraform.tfstate", run_checkov=False))
    (site,) = inv.s3_buckets
    assert [(g.grantee, g.permission) for g in site.acl_grants or ()] == [(ALL_USERS, "READ")]
    (api,) = inv.apigateway_rest_apis
    assert api.policy is not None and [m.label for m in api.methods or ()] == ["POST /"]
    (catalog,) = inv.glue_catalogs
    assert catalog.id == f"arn:aws:glue:eu-west-1:{ACCOUNT}:catalog" and catalog.policy is not None

    checks = {c.id: c for c in load_checks()}

    def failing(check_id: str) -> set[str]:
        return {f.resource_id for f in checks[check_id].run(inv, None) if f.status == Status.FAIL}

    assert failing("s3_bucket_acl_not_public") == {site.id}
    assert failing("resource_policy_not_public") == {api.id, catalog.id}
    assert failing("apigateway_write_methods_authorized") == {api.id}
