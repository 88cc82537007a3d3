"""Terraform -> inventory: API Gateway REST/HTTP APIs and stages, WAFv2 web ACLs."""

from __future__ import annotations

from typing import Any

from coattail.review.collectors.live.specs.edge import api_methods, method_setting, rest_api_arn, waf_rule
from coattail.review.collectors.terraform.context import TfContext
from coattail.review.collectors.terraform.loader import TfResource
from coattail.review.collectors.values import (
    as_float,
    blank,
    first,
    positive_or_none,
    resource_policy,
    sorted_strs,
    strs,
)
from coattail.review.inventory import (
    ApiGatewayHttpApi,
    ApiGatewayHttpStage,
    ApiGatewayRestApi,
    ApiGatewayStage,
    NatGateway,
    Resource,
    WafWebAcl,
)


def rest_api(ctx: TfContext, r: TfResource) -> Resource:
    api_id = r.get("id")
    resources = ctx.related("aws_api_gateway_resource", "rest_api_id", r, (api_id,))
    paths = {"/"} | {p.get("path") for p in resources if p.get("path")}
    # a method's path from its resource's id (known in a state; a plan knows it only after apply)
    path_of = {p.get("id"): p.get("path") for p in resources if p.get("id")}
    if r.get("root_resource_id"):
        path_of[r.get("root_resource_id")] = "/"
    methods = [
        (
            path_of.get(m.get("resource_id")),
            m.get("http_method"),
            m.get("authorization"),
            m.get("api_key_required"),
        )
        for m in ctx.related("aws_api_gateway_method", "rest_api_id", r, (api_id,))
    ]
    attached = ctx.related("aws_api_gateway_rest_api_policy", "rest_api_id", r, (api_id,))
    return ApiGatewayRestApi(
        **ctx.base(
            r,
            arn=r.get("arn") or (rest_api_arn(ctx.region, api_id) if api_id else None),
            name=r.get("name", r.name),
        ),
        api_id=api_id,
        endpoint_types=strs(first(r.get("endpoint_configuration")).get("types")),
        resource_paths=sorted_strs(paths),
        api_key_source=r.get("api_key_source") or "HEADER",
        disable_execute_api_endpoint=bool(r.get("disable_execute_api_endpoint", False)),
        # the policy set inline, or by the separate aws_api_gateway_rest_api_policy resource
        policy=resource_policy(attached[0].get("policy") if attached else r.get("policy")),
        methods=api_methods(methods),
    )


def _rate(value: Any) -> float | None:
    v = as_float(value)
    return None if v is None or v < 0 else v


def rest_stage(ctx: TfContext, r: TfResource) -> Resource:
    api_id = r.get("rest_api_id")
    stage = r.get("stage_name", r.name)
    apis = [a for a in ctx.of_type("aws_api_gateway_rest_api") if a.get("id") == api_id]
    api_name = apis[0].get("name", api_id) if apis else api_id
    settings = [
        method_setting(ms.get("method_path", "*/*"), first(ms.get("settings")))
        for ms in ctx.of_type("aws_api_gateway_method_settings")
        if ms.get("rest_api_id") == api_id and ms.get("stage_name") == stage
    ]
    logs = first(r.get("access_log_settings"))
    arn = r.get("arn") or (f"{rest_api_arn(ctx.region, api_id)}/stages/{stage}" if api_id else None)
    return ApiGatewayStage(
        **ctx.base(r, arn=arn, name=f"{api_name}/{stage}"),
        rest_api_id=api_id,
        stage_name=stage,
        cache_cluster_enabled=bool(r.get("cache_cluster_enabled", False)),
        cache_cluster_size=blank(r.get("cache_cluster_size")) if r.get("cache_cluster_enabled") else None,
        tracing_enabled=bool(r.get("xray_tracing_enabled", False)),
        access_log_destination=blank(logs.get("destination_arn")),
        access_log_format=blank(logs.get("format")),
        web_acl_arn=blank(r.get("web_acl_arn")),
        method_settings=tuple(sorted(settings, key=lambda m: m.path)),
    )


def http_api(ctx: TfContext, r: TfResource) -> Resource:
    api_id = r.get("id")
    routes = [x.get("route_key") for x in ctx.related("aws_apigatewayv2_route", "api_id", r, (api_id,))]
    return ApiGatewayHttpApi(
        **ctx.base(r, arn=r.get("arn"), name=r.get("name", r.name)),
        api_id=api_id,
        protocol_type=r.get("protocol_type"),
        routes=sorted_strs(x for x in routes if x),
        cors_allow_origins=sorted_strs(first(r.get("cors_configuration")).get("allow_origins")),
    )


def http_stage(ctx: TfContext, r: TfResource) -> Resource:
    api_id = r.get("api_id")
    apis = [a for a in ctx.of_type("aws_apigatewayv2_api") if a.get("id") == api_id]
    route = first(r.get("default_route_settings"))
    return ApiGatewayHttpStage(
        **ctx.base(
            r, arn=r.get("arn"), name=f"{apis[0].get('name', api_id) if apis else api_id}/{r.get('name')}"
        ),
        api_id=api_id,
        stage_name=r.get("name", r.name),
        auto_deploy=bool(r.get("auto_deploy", False)),
        throttling_burst_limit=positive_or_none(route.get("throttling_burst_limit")),
        throttling_rate_limit=_rate(route.get("throttling_rate_limit")),
        access_log_destination=blank(first(r.get("access_log_settings")).get("destination_arn")),
    )


def _tf_statement(statement: dict[str, Any]) -> dict[str, Any]:
    rate = first(statement.get("rate_based_statement"))
    managed = first(statement.get("managed_rule_group_statement"))
    out: dict[str, Any] = {}
    if rate:
        out["RateBasedStatement"] = {"Limit": rate.get("limit")}
    if managed:
        out["ManagedRuleGroupStatement"] = {"Name": managed.get("name")}
    return out


def web_acl(ctx: TfContext, r: TfResource) -> Resource:
    arn = r.get("arn")
    assoc = ctx.related("aws_wafv2_web_acl_association", "web_acl_arn", r, (arn,))
    default = first(r.get("default_action"))
    return WafWebAcl(
        **ctx.base(r, arn=arn, name=r.get("name", r.name)),
        scope=r.get("scope"),
        default_action="block" if default.get("block") else "allow",
        rules=tuple(
            sorted(
                (
                    waf_rule(x.get("name", ""), x.get("priority"), _tf_statement(first(x.get("statement"))))
                    for x in r.get("rule", [])
                ),
                key=lambda w: (w.priority or 0, w.name),
            )
        ),
        associated_resource_arns=sorted_strs(a.get("resource_arn") for a in assoc if a.get("resource_arn")),
    )


def nat_gateway(ctx: TfContext, r: TfResource) -> Resource:
    tags = r.get("tags") or {}
    return NatGateway(
        **ctx.base(r, arn=None, name=tags.get("Name") or r.name),
        state=None,
        connectivity_type=r.get("connectivity_type") or "public",
        vpc_id=None,
        subnet_id=blank(r.get("subnet_id")),
    )


NORMALISERS = {
    "aws_api_gateway_rest_api": rest_api,
    "aws_api_gateway_stage": rest_stage,
    "aws_apigatewayv2_api": http_api,
    "aws_apigatewayv2_stage": http_stage,
    "aws_wafv2_web_acl": web_acl,
    "aws_nat_gateway": nat_gateway,
}
