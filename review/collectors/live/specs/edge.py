"""API Gateway (REST and HTTP APIs, their stages) and WAFv2 web ACLs."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from coattail.review.collectors.live.spec import Context, Detail, Parent, Raw, ResourceSpec, tags_from_list
from coattail.review.collectors.values import (
    as_bool,
    as_float,
    as_int,
    blank,
    escaped_resource_policy,
    positive_or_none,
    sorted_strs,
    strs,
)
from coattail.review.inventory import (
    ApiGatewayHttpApi,
    ApiGatewayHttpStage,
    ApiGatewayRestApi,
    ApiGatewayStage,
    ApiMethod,
    MethodSetting,
    NatGateway,
    WafRule,
    WafWebAcl,
)
from coattail.review.model import SourceKind

LIVE = SourceKind.LIVE


def rest_api_arn(region: str, api_id: str, partition: str = "aws") -> str:
    return f"arn:{partition}:apigateway:{region}::/restapis/{api_id}"


def _rest_api(raw: Raw, ctx: Context) -> ApiGatewayRestApi:
    a = raw["item"]
    return ApiGatewayRestApi(
        id=rest_api_arn(ctx.region, a["id"], ctx.partition),
        name=a["name"],
        source=LIVE,
        region=ctx.region,
        account=ctx.account,
        tags=dict(a.get("tags") or {}),
        api_id=a["id"],
        endpoint_types=strs((a.get("endpointConfiguration") or {}).get("types")),
        resource_paths=sorted_strs(r.get("path") for r in raw.get("resources") or ()),
        api_key_source=a.get("apiKeySource", "HEADER"),
        disable_execute_api_endpoint=bool(a.get("disableExecuteApiEndpoint", False)),
        policy=escaped_resource_policy(a.get("policy")),
        methods=api_methods(
            (r.get("path"), verb, m.get("authorizationType"), m.get("apiKeyRequired"))
            for r in raw.get("resources") or ()
            for verb, m in (r.get("resourceMethods") or {}).items()
        ),
    )


def api_methods(rows: Iterable[tuple[Any, Any, Any, Any]]) -> tuple[ApiMethod, ...]:
    """(path, verb, authorization type, API key required) rows -> sorted methods (both collectors)."""
    return tuple(
        sorted(
            (
                ApiMethod(
                    path=path,
                    http_method=str(verb),
                    authorization_type=str(auth or "NONE"),
                    api_key_required=bool(as_bool(key)),
                )
                for path, verb, auth, key in rows
            ),
            key=lambda m: (m.path or "", m.http_method),
        )
    )


REST_APIS = ResourceSpec(
    model=ApiGatewayRestApi,
    service="apigateway",
    list_operation="get_rest_apis",
    list_path="items",
    list_action="apigateway:GET",
    details=(
        Detail(
            "resources",
            "get_resources",
            lambda r: {"restApiId": r["item"]["id"], "embed": ["methods"]},
            "items",
            action="apigateway:GET",
        ),
    ),
    normalise=_rest_api,
)


def method_setting(path: str, s: dict[str, Any]) -> MethodSetting:
    """API shape (camelCase) or Terraform shape (snake_case) -> MethodSetting."""

    def get(camel: str, snake: str) -> Any:
        return s.get(camel, s.get(snake))

    return MethodSetting(
        path=path,
        throttling_burst_limit=positive_or_none(get("throttlingBurstLimit", "throttling_burst_limit")),
        throttling_rate_limit=_rate(get("throttlingRateLimit", "throttling_rate_limit")),
        caching_enabled=as_bool(get("cachingEnabled", "caching_enabled")) or False,
        cache_ttl_seconds=as_int(get("cacheTtlInSeconds", "cache_ttl_in_seconds")),
        metrics_enabled=as_bool(get("metricsEnabled", "metrics_enabled")) or False,
        logging_level=blank(get("loggingLevel", "logging_level")) or "OFF",
        data_trace_enabled=as_bool(get("dataTraceEnabled", "data_trace_enabled")) or False,
    )


def _rate(value: Any) -> float | None:
    v = as_float(value)
    return None if v is None or v < 0 else v


def _stage(raw: Raw, ctx: Context) -> ApiGatewayStage:
    s = raw["item"]
    api_id = raw["parent"]["id"]
    logs = s.get("accessLogSettings") or {}
    return ApiGatewayStage(
        id=f"{rest_api_arn(ctx.region, api_id, ctx.partition)}/stages/{s['stageName']}",
        name=f"{raw['parent']['name']}/{s['stageName']}",
        source=LIVE,
        region=ctx.region,
        account=ctx.account,
        tags=dict(s.get("tags") or {}),
        rest_api_id=api_id,
        stage_name=s["stageName"],
        cache_cluster_enabled=bool(s.get("cacheClusterEnabled", False)),
        cache_cluster_size=blank(s.get("cacheClusterSize")) if s.get("cacheClusterEnabled") else None,
        tracing_enabled=bool(s.get("tracingEnabled", False)),
        access_log_destination=blank(logs.get("destinationArn")),
        access_log_format=blank(logs.get("format")),
        web_acl_arn=blank(s.get("webAclArn")),
        method_settings=tuple(
            sorted(
                (method_setting(p, v) for p, v in (s.get("methodSettings") or {}).items()),
                key=lambda m: m.path,
            )
        ),
    )


REST_STAGES = ResourceSpec(
    model=ApiGatewayStage,
    service="apigateway",
    parent=Parent("get_rest_apis", "items", lambda a: {"restApiId": a["id"]}, action="apigateway:GET"),
    list_operation="get_stages",
    list_path="item",
    list_action="apigateway:GET",
    normalise=_stage,
)


def _http_api(raw: Raw, ctx: Context) -> ApiGatewayHttpApi:
    a = raw["item"]
    return ApiGatewayHttpApi(
        id=f"arn:{ctx.partition}:apigateway:{ctx.region}::/apis/{a['ApiId']}",
        name=a["Name"],
        source=LIVE,
        region=ctx.region,
        account=ctx.account,
        tags=dict(a.get("Tags") or {}),
        api_id=a["ApiId"],
        protocol_type=a.get("ProtocolType"),
        routes=sorted_strs(raw.get("routes")),
        cors_allow_origins=sorted_strs((a.get("CorsConfiguration") or {}).get("AllowOrigins")),
    )


HTTP_APIS = ResourceSpec(
    model=ApiGatewayHttpApi,
    service="apigatewayv2",
    list_operation="get_apis",
    list_path="Items",
    list_action="apigateway:GET",
    details=(
        Detail(
            "routes",
            "get_routes",
            lambda r: {"ApiId": r["item"]["ApiId"]},
            "Items[].RouteKey",
            action="apigateway:GET",
        ),
    ),
    normalise=_http_api,
)


def _http_stage(raw: Raw, ctx: Context) -> ApiGatewayHttpStage:
    s = raw["item"]
    api_id = raw["parent"]["ApiId"]
    route = s.get("DefaultRouteSettings") or {}
    return ApiGatewayHttpStage(
        id=f"arn:{ctx.partition}:apigateway:{ctx.region}::/apis/{api_id}/stages/{s['StageName']}",
        name=f"{raw['parent']['Name']}/{s['StageName']}",
        source=LIVE,
        region=ctx.region,
        account=ctx.account,
        tags=dict(s.get("Tags") or {}),
        api_id=api_id,
        stage_name=s["StageName"],
        auto_deploy=bool(s.get("AutoDeploy", False)),
        throttling_burst_limit=positive_or_none(route.get("ThrottlingBurstLimit")),
        throttling_rate_limit=_rate(route.get("ThrottlingRateLimit")),
        access_log_destination=blank((s.get("AccessLogSettings") or {}).get("DestinationArn")),
    )


HTTP_STAGES = ResourceSpec(
    model=ApiGatewayHttpStage,
    service="apigatewayv2",
    parent=Parent("get_apis", "Items", lambda a: {"ApiId": a["ApiId"]}, action="apigateway:GET"),
    list_operation="get_stages",
    list_path="Items",
    list_action="apigateway:GET",
    normalise=_http_stage,
)


def waf_rule(name: str, priority: Any, statement: dict[str, Any]) -> WafRule:
    rate = statement.get("RateBasedStatement") or {}
    managed = statement.get("ManagedRuleGroupStatement") or {}
    return WafRule(
        name=name,
        priority=as_int(priority),
        rate_limit=as_int(rate.get("Limit")),
        managed_rule_group=blank(managed.get("Name")),
    )


def _web_acl(raw: Raw, ctx: Context) -> WafWebAcl:
    acl = raw["acl"]
    return WafWebAcl(
        id=acl["ARN"],
        name=acl["Name"],
        source=LIVE,
        region=ctx.region,
        account=ctx.account,
        tags=tags_from_list(raw.get("tags")),
        scope="REGIONAL",
        default_action="block" if "Block" in (acl.get("DefaultAction") or {}) else "allow",
        rules=tuple(
            sorted(
                (
                    waf_rule(r["Name"], r.get("Priority"), r.get("Statement") or {})
                    for r in acl.get("Rules") or ()
                ),
                key=lambda r: (r.priority or 0, r.name),
            )
        ),
        associated_resource_arns=sorted_strs(raw.get("resources")),
    )


WEB_ACLS = ResourceSpec(
    model=WafWebAcl,
    service="wafv2",
    list_operation="list_web_acls",
    list_params={"Scope": "REGIONAL"},
    list_path="WebACLs",
    details=(
        Detail(
            "acl",
            "get_web_acl",
            lambda r: {"Name": r["item"]["Name"], "Id": r["item"]["Id"], "Scope": "REGIONAL"},
            "WebACL",
        ),
        Detail(
            "resources",
            "list_resources_for_web_acl",
            lambda r: {"WebACLArn": r["item"]["ARN"], "ResourceType": "API_GATEWAY"},
            "ResourceArns",
        ),
        Detail(
            "tags",
            "list_tags_for_resource",
            lambda r: {"ResourceARN": r["item"]["ARN"]},
            "TagInfoForResource.TagList",
        ),
    ),
    normalise=_web_acl,
)


# -- NAT gateways -------------------------------------------------------------------------------
def _nat_gateway(raw: Raw, ctx: Context) -> NatGateway:
    g = raw["item"]
    tags = tags_from_list(g.get("Tags"))
    gateway_id = g["NatGatewayId"]
    return NatGateway(
        id=f"arn:aws:ec2:{ctx.region}:{ctx.account}:natgateway/{gateway_id}",
        name=tags.get("Name") or gateway_id,
        source=LIVE,
        region=ctx.region,
        account=ctx.account,
        tags=tags,
        state=g.get("State"),
        connectivity_type=g.get("ConnectivityType") or "public",
        vpc_id=g.get("VpcId"),
        subnet_id=g.get("SubnetId"),
    )


NAT_GATEWAYS = ResourceSpec(
    model=NatGateway,
    service="ec2",
    list_operation="describe_nat_gateways",
    list_path="NatGateways",
    normalise=_nat_gateway,
)

SPECS = (REST_APIS, REST_STAGES, HTTP_APIS, HTTP_STAGES, WEB_ACLS, NAT_GATEWAYS)
