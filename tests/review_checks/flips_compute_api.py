"""Misconfigurations of the deployed platform: the alerts API (API Gateway stage, WAF), the Lambda
functions and the producer's ECS cluster and task definition (see conftest ``Flip``).

Lambda flips change the API function (the batch functions stay as deployed, so the failing
finding names exactly one function). ECS task definitions are immutable: a flip registers a new,
broken revision of the producer family (the collector reads each family's latest ACTIVE revision)
and the undo deregisters and deletes it, leaving the deployed revision the latest again.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from typing import Any
from urllib.parse import urlparse

from coattail.cli import lambda_build

# -- API Gateway --------------------------------------------------------------------------------


def _stage(n: Any) -> tuple[str, str]:
    """(rest API id, stage name) of the alerts API, from its invoke URL output."""
    url = urlparse(str(n.outputs["api_invoke_url"]))
    return url.netloc.split(".", 1)[0], url.path.strip("/")


def _stage_path(n: Any) -> str:
    api_id, stage = _stage(n)
    return f"/restapis/{api_id}/stages/{stage}"


def _get_stage(aws: Any, n: Any) -> dict[str, Any]:
    api_id, stage = _stage(n)
    return dict(aws("apigateway").get_stage(restApiId=api_id, stageName=stage))


def _patch_stage(aws: Any, n: Any, *ops: dict[str, str]) -> None:
    api_id, stage = _stage(n)
    aws("apigateway").update_stage(restApiId=api_id, stageName=stage, patchOperations=list(ops))


def _access_logs_off(aws: Any, n: Any) -> Any:
    saved = _get_stage(aws, n)["accessLogSettings"]
    _patch_stage(aws, n, {"op": "remove", "path": "/accessLogSettings"})
    return saved


def _access_logs_on(aws: Any, n: Any, saved: Any) -> None:
    _patch_stage(
        aws,
        n,
        {"op": "replace", "path": "/accessLogSettings/destinationArn", "value": saved["destinationArn"]},
        {"op": "replace", "path": "/accessLogSettings/format", "value": saved["format"]},
    )


def _throttling_off(aws: Any, n: Any) -> Any:
    """-1 is the API's (and Terraform's default) value for "no stage throttling"."""
    saved = _get_stage(aws, n)["methodSettings"]["*/*"]
    _patch_stage(
        aws,
        n,
        {"op": "replace", "path": "/*/*/throttling/rateLimit", "value": "-1"},
        {"op": "replace", "path": "/*/*/throttling/burstLimit", "value": "-1"},
    )
    return saved


def _throttling_restore(aws: Any, n: Any, saved: Any) -> None:
    _patch_stage(
        aws,
        n,
        {"op": "replace", "path": "/*/*/throttling/rateLimit", "value": str(saved["throttlingRateLimit"])},
        {"op": "replace", "path": "/*/*/throttling/burstLimit", "value": str(saved["throttlingBurstLimit"])},
    )


def _cache_on(aws: Any, n: Any) -> Any:
    """The repair of the waived "no API caching": a 0.5 GB cache cluster, GETs cached 10 s."""
    stage = _get_stage(aws, n)
    _patch_stage(
        aws,
        n,
        {"op": "replace", "path": "/cacheClusterEnabled", "value": "true"},
        {"op": "replace", "path": "/cacheClusterSize", "value": "0.5"},
        {"op": "replace", "path": "/*/*/caching/enabled", "value": "true"},
        {"op": "replace", "path": "/*/*/caching/ttlInSeconds", "value": "10"},
    )
    return stage


def _cache_off(aws: Any, n: Any, saved: Any) -> None:
    setting = saved["methodSettings"]["*/*"]
    _patch_stage(
        aws,
        n,
        {"op": "replace", "path": "/cacheClusterEnabled", "value": str(saved["cacheClusterEnabled"]).lower()},
        {"op": "replace", "path": "/*/*/caching/enabled", "value": str(setting["cachingEnabled"]).lower()},
        {"op": "replace", "path": "/*/*/caching/ttlInSeconds", "value": str(setting["cacheTtlInSeconds"])},
    )


def _cache_ttl(ttl: int) -> Callable[..., Any]:
    def apply(aws: Any, n: Any, *_: Any) -> None:
        _patch_stage(aws, n, {"op": "replace", "path": "/*/*/caching/ttlInSeconds", "value": str(ttl)})

    return apply


_WAF_ACL = "ctc-dev-api-waf"
_VISIBILITY = {"SampledRequestsEnabled": True, "CloudWatchMetricsEnabled": True}
_RATE_RULE = {
    "Name": "rate-per-ip",
    "Priority": 0,
    "Statement": {"RateBasedStatement": {"Limit": 2000, "AggregateKeyType": "IP"}},
    "Action": {"Block": {}},
    "VisibilityConfig": {**_VISIBILITY, "MetricName": "rate-per-ip"},
}

# What the rate rule is swapped for in the flip: AWS's common managed rules, which rate-limit nothing.
_MANAGED_RULES = {
    "Name": "aws-common-rules",
    "Priority": 0,
    "Statement": {"ManagedRuleGroupStatement": {"VendorName": "AWS", "Name": "AWSManagedRulesCommonRuleSet"}},
    "OverrideAction": {"None": {}},
    "VisibilityConfig": {**_VISIBILITY, "MetricName": "aws-common-rules"},
}


def _waf_on(aws: Any, n: Any) -> Any:
    """The repair of "no WAF": a regional web ACL blocking any IP above 2000 requests / 5 min."""
    waf = aws("wafv2")
    acl = waf.create_web_acl(
        Name=_WAF_ACL,
        Scope="REGIONAL",
        DefaultAction={"Allow": {}},
        Rules=[_RATE_RULE],
        VisibilityConfig={**_VISIBILITY, "MetricName": _WAF_ACL},
    )["Summary"]
    stage_arn = f"arn:aws:apigateway:{waf.meta.region_name}::{_stage_path(n)}"
    waf.associate_web_acl(WebACLArn=acl["ARN"], ResourceArn=stage_arn)
    return {"id": acl["Id"], "stage_arn": stage_arn}


def _waf_off(aws: Any, n: Any, saved: Any) -> None:
    waf = aws("wafv2")
    waf.disassociate_web_acl(ResourceArn=saved["stage_arn"])
    token = waf.get_web_acl(Name=_WAF_ACL, Scope="REGIONAL", Id=saved["id"])["LockToken"]
    waf.delete_web_acl(Name=_WAF_ACL, Scope="REGIONAL", Id=saved["id"], LockToken=token)


def _waf_rules(rules: list[dict[str, Any]]) -> Callable[..., Any]:
    """Replace the rules of the web ACL made by ``_waf_on`` (the setup; ``created`` is unused)."""

    def apply(aws: Any, n: Any, *_: Any) -> None:
        waf = aws("wafv2")
        summary = next(a for a in waf.list_web_acls(Scope="REGIONAL")["WebACLs"] if a["Name"] == _WAF_ACL)
        got = waf.get_web_acl(Name=_WAF_ACL, Scope="REGIONAL", Id=summary["Id"])
        waf.update_web_acl(
            Name=_WAF_ACL,
            Scope="REGIONAL",
            Id=summary["Id"],
            DefaultAction=got["WebACL"]["DefaultAction"],
            Rules=rules,
            VisibilityConfig=got["WebACL"]["VisibilityConfig"],
            LockToken=got["LockToken"],
        )

    return apply


# -- Lambda -------------------------------------------------------------------------------------


def _configure(field: str, broken: Any) -> tuple[Callable[..., Any], Callable[..., None]]:
    """(change, undo) setting one UpdateFunctionConfiguration field of the API function."""

    def change(aws: Any, n: Any) -> Any:
        saved = aws("lambda").get_function_configuration(FunctionName=n.api_function)[field]
        aws("lambda").update_function_configuration(FunctionName=n.api_function, **{field: broken})
        return saved

    def undo(aws: Any, n: Any, saved: Any) -> None:
        aws("lambda").update_function_configuration(FunctionName=n.api_function, **{field: saved})

    return change, undo


def _no_dead_letter(aws: Any, n: Any) -> Any:
    saved = aws("lambda").get_function_configuration(FunctionName=n.api_function)["DeadLetterConfig"]
    aws("lambda").update_function_configuration(
        FunctionName=n.api_function, DeadLetterConfig={"TargetArn": ""}
    )
    return saved


def _dead_letter_restore(aws: Any, n: Any, saved: Any) -> None:
    aws("lambda").update_function_configuration(FunctionName=n.api_function, DeadLetterConfig=saved)


def _secret_in_env(aws: Any, n: Any) -> Any:
    saved = aws("lambda").get_function_configuration(FunctionName=n.api_function)["Environment"]
    variables = {**saved["Variables"], "EXCHANGE_API_KEY": "review-test-not-a-real-key"}
    aws("lambda").update_function_configuration(
        FunctionName=n.api_function, Environment={"Variables": variables}
    )
    return saved


def _env_restore(aws: Any, n: Any, saved: Any) -> None:
    aws("lambda").update_function_configuration(
        FunctionName=n.api_function, Environment={"Variables": saved["Variables"]}
    )


def _unreserved(aws: Any, n: Any) -> Any:
    saved = aws("lambda").get_function_concurrency(FunctionName=n.api_function)
    aws("lambda").delete_function_concurrency(FunctionName=n.api_function)
    return saved["ReservedConcurrentExecutions"]


def _reserve(aws: Any, n: Any, saved: Any) -> None:
    aws("lambda").put_function_concurrency(FunctionName=n.api_function, ReservedConcurrentExecutions=saved)


def _api_zip(aws: Any, n: Any) -> bytes:
    """The deployed package of the API function, rebuilt (the build is deterministic): changing
    the architecture means uploading the code again, and the undo uploads the same bytes."""
    data = lambda_build.zip_bytes(next(p for p in lambda_build.PACKAGES if p.name == "api.zip"))
    deployed = aws("lambda").get_function_configuration(FunctionName=n.api_function)["CodeSha256"]
    rebuilt = base64.b64encode(hashlib.sha256(data).digest()).decode()
    assert rebuilt == deployed, "platform/api changed since the stack was deployed: redeploy it"
    return data


def _architecture(arch: str) -> Callable[..., Any]:
    def apply(aws: Any, n: Any, *_: Any) -> None:
        aws("lambda").update_function_code(
            FunctionName=n.api_function, ZipFile=_api_zip(aws, n), Architectures=[arch]
        )

    return apply


# -- ECS ----------------------------------------------------------------------------------------

# Fields DescribeTaskDefinition returns that RegisterTaskDefinition does not take.
_READ_ONLY = (
    "taskDefinitionArn",
    "revision",
    "status",
    "requiresAttributes",
    "compatibilities",
    "registeredAt",
    "registeredBy",
    "deregisteredAt",
)


def _family(n: Any) -> str:
    return str(n.outputs["ecs_task_definition_arn"]).rsplit("/", 1)[-1].split(":", 1)[0]


def _new_revision(
    mutate_container: Callable[[dict[str, Any]], None], **task_changes: str
) -> Callable[[Any, Any], Any]:
    """change: register a revision of the producer family with each container and the task
    altered; returns the new revision's ARN for the undo."""

    def change(aws: Any, n: Any) -> Any:
        ecs = aws("ecs")
        got = ecs.describe_task_definition(taskDefinition=_family(n), include=["TAGS"])
        spec = {k: v for k, v in got["taskDefinition"].items() if k not in _READ_ONLY}
        for container in spec["containerDefinitions"]:
            mutate_container(container)
        spec.update(task_changes)
        if got.get("tags"):
            spec["tags"] = got["tags"]
        return ecs.register_task_definition(**spec)["taskDefinition"]["taskDefinitionArn"]

    return change


def _drop_revision(aws: Any, n: Any, arn: Any) -> None:
    aws("ecs").deregister_task_definition(taskDefinition=arn)
    aws("ecs").delete_task_definitions(taskDefinitions=[arn])


def _privileged(c: dict[str, Any]) -> None:
    c["privileged"] = True


def _writable_root(c: dict[str, Any]) -> None:
    c["readonlyRootFilesystem"] = False


def _secret_env(c: dict[str, Any]) -> None:
    c["environment"] = [*c.get("environment", []), {"name": "DB_PASSWORD", "value": "review-test"}]


def _unchanged(c: dict[str, Any]) -> None:
    return None


def _container_insights_off(aws: Any, n: Any) -> Any:
    cluster = n.outputs["ecs_cluster_name"]
    saved = aws("ecs").describe_clusters(clusters=[cluster], include=["SETTINGS"])["clusters"][0]["settings"]
    aws("ecs").update_cluster(cluster=cluster, settings=[{"name": "containerInsights", "value": "disabled"}])
    return saved


def _cluster_settings_restore(aws: Any, n: Any, saved: Any) -> None:
    aws("ecs").update_cluster(cluster=n.outputs["ecs_cluster_name"], settings=saved)


def _fn(n: Any) -> str:
    return str(n.api_function)


# -- NAT gateway: the platform deploys none ---------------------------------------------------------
NAT_NAME = "ctc-dev-flip-nat"


def _nat_created(aws: Any, n: Any) -> str:
    """A NAT gateway in one of the default VPC's subnets, named into the platform's scope."""
    ec2 = aws("ec2")
    subnet = ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"][0]
    allocation = ec2.allocate_address(Domain="vpc")["AllocationId"]
    gateway = ec2.create_nat_gateway(
        SubnetId=subnet["SubnetId"],
        AllocationId=allocation,
        TagSpecifications=[{"ResourceType": "natgateway", "Tags": [{"Key": "Name", "Value": NAT_NAME}]}],
    )["NatGateway"]["NatGatewayId"]
    return f"{gateway} {allocation}"


def _nat_deleted(aws: Any, n: Any, saved: str) -> None:
    gateway, allocation = saved.split()
    ec2 = aws("ec2")
    ec2.delete_nat_gateway(NatGatewayId=gateway)
    ec2.release_address(AllocationId=allocation)


def _tracing(on: bool) -> Any:
    def apply(aws: Any, n: Any, *_: Any) -> None:
        _patch_stage(aws, n, {"op": "replace", "path": "/tracingEnabled", "value": str(on).lower()})

    return apply


def _api(n: Any) -> str:
    return f"/restapis/{_stage(n)[0]}"


def _anonymous_post(aws: Any, n: Any) -> Any:
    """A POST method without authorization on the API's root resource."""
    api_id = _stage(n)[0]
    root = next(
        r["id"] for r in aws("apigateway").get_resources(restApiId=api_id)["items"] if r["path"] == "/"
    )
    aws("apigateway").put_method(
        restApiId=api_id, resourceId=root, httpMethod="POST", authorizationType="NONE"
    )
    return root


def _anonymous_post_removed(aws: Any, n: Any, root: Any) -> None:
    aws("apigateway").delete_method(restApiId=_stage(n)[0], resourceId=root, httpMethod="POST")


def flips(h: Any) -> dict[str, Any]:
    api, fn = _stage_path, _fn
    return {
        "nat-gateway-created": h.Flip(
            "no_nat_gateway",
            lambda n: NAT_NAME,
            _nat_created,
            _nat_deleted,
        ),
        "apigateway-access-logs-removed": h.Flip(
            "apigateway_access_logging", api, _access_logs_off, _access_logs_on
        ),
        "apigateway-stage-tracing-off": h.Flip(
            "apigateway_stage_tracing", api, _tracing(False), _tracing(True)
        ),
        "apigateway-anonymous-post": h.Flip(
            "apigateway_write_methods_authorized", _api, _anonymous_post, _anonymous_post_removed
        ),
        "apigateway-stage-throttling-disabled": h.Flip(
            "apigateway_throttling", api, _throttling_off, _throttling_restore
        ),
        "apigateway-cache-enabled-10s": h.Flip(
            "apigateway_caching", api, _cache_on, _cache_off, deployed="broken"
        ),
        "apigateway-waf-rate-limit-associated": h.Flip(
            "waf_protects_api", api, _waf_on, _waf_off, deployed="broken", services=("apigateway", "wafv2")
        ),
        "apigateway-cache-ttl-300s": h.Flip(
            "apigateway_caching", api, _cache_ttl(300), _cache_ttl(10), setup=_cache_on, teardown=_cache_off
        ),
        "apigateway-waf-rate-rule-replaced-by-managed-rules": h.Flip(
            "waf_protects_api",
            api,
            _waf_rules([_MANAGED_RULES]),
            _waf_rules([_RATE_RULE]),
            services=("apigateway", "wafv2"),
            setup=_waf_on,
            teardown=_waf_off,
        ),
        "lambda-architecture-x86-64": h.Flip(
            "lambda_arm64_architecture", fn, _architecture("x86_64"), _architecture("arm64")
        ),
        "lambda-dead-letter-target-removed": h.Flip(
            "lambda_dead_letter", fn, _no_dead_letter, _dead_letter_restore
        ),
        "lambda-api-key-in-environment": h.Flip("lambda_env_no_secrets", fn, _secret_in_env, _env_restore),
        "lambda-memory-3008-mb": h.Flip("lambda_memory_right_sized", fn, *_configure("MemorySize", 3008)),
        "lambda-reserved-concurrency-removed": h.Flip(
            "lambda_reserved_concurrency", fn, _unreserved, _reserve
        ),
        "lambda-runtime-python3.8": h.Flip(
            "lambda_runtime_supported", fn, *_configure("Runtime", "python3.8")
        ),
        "lambda-api-timeout-60s": h.Flip("lambda_timeout_bounded", fn, *_configure("Timeout", 60)),
        "ecs-container-insights-disabled": h.Flip(
            "ecs_cluster_container_insights",
            lambda n: n.outputs["ecs_cluster_name"],
            _container_insights_off,
            _cluster_settings_restore,
        ),
        "ecs-task-password-in-environment": h.Flip(
            "ecs_task_no_secrets_in_env", _family, _new_revision(_secret_env), _drop_revision
        ),
        "ecs-task-privileged-container": h.Flip(
            "ecs_task_not_privileged", _family, _new_revision(_privileged), _drop_revision
        ),
        "ecs-task-writable-root-filesystem": h.Flip(
            "ecs_task_readonly_root", _family, _new_revision(_writable_root), _drop_revision
        ),
        "ecs-task-4-vcpu-8-gb": h.Flip(
            "ecs_task_right_sized",
            _family,
            _new_revision(_unchanged, cpu="4096", memory="8192"),
            _drop_revision,
        ),
    }
