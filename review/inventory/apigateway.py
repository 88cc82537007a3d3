"""Amazon API Gateway REST APIs and stages (v1), HTTP APIs and stages (v2)."""

from __future__ import annotations

from typing import ClassVar

from coattail.review.inventory.base import Frozen, Resource
from coattail.review.inventory.policy import PolicyDocument


class ApiMethod(Frozen):
    """One method of a REST API resource and how callers must authenticate to it."""

    path: str | None = None  # None: not known yet (a plan)
    http_method: str  # GET | POST | ... | ANY
    authorization_type: str = "NONE"  # NONE | AWS_IAM | CUSTOM | COGNITO_USER_POOLS
    api_key_required: bool = False

    @property
    def label(self) -> str:
        return f"{self.http_method} {self.path}" if self.path else self.http_method


class ApiGatewayRestApi(Resource):
    resource_type: ClassVar[str] = "AWS::ApiGateway::RestApi"
    service: ClassVar[str] = "apigateway"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_api_gateway_rest_api",)

    api_id: str | None = None
    endpoint_types: tuple[str, ...] = ()
    resource_paths: tuple[str, ...] = ()  # e.g. /alerts, /metrics/{symbol}
    api_key_source: str | None = None
    disable_execute_api_endpoint: bool | None = None
    policy: PolicyDocument | None = None  # the API's resource policy (who may execute-api:Invoke)
    methods: tuple[ApiMethod, ...] | None = None  # None: not collected


class MethodSetting(Frozen):
    """Settings for ``path`` ('*/*' = every method) of a stage."""

    path: str = "*/*"
    throttling_burst_limit: int | None = None
    throttling_rate_limit: float | None = None
    caching_enabled: bool | None = None
    cache_ttl_seconds: int | None = None
    metrics_enabled: bool | None = None
    logging_level: str | None = None
    data_trace_enabled: bool | None = None


class ApiGatewayStage(Resource):
    resource_type: ClassVar[str] = "AWS::ApiGateway::Stage"
    service: ClassVar[str] = "apigateway"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_api_gateway_stage",)

    rest_api_id: str | None = None
    stage_name: str
    cache_cluster_enabled: bool | None = None
    cache_cluster_size: str | None = None
    tracing_enabled: bool | None = None
    access_log_destination: str | None = None
    access_log_format: str | None = None
    web_acl_arn: str | None = None
    method_settings: tuple[MethodSetting, ...] = ()

    def setting(self, path: str = "*/*") -> MethodSetting | None:
        return next((m for m in self.method_settings if m.path == path), None)

    @property
    def throttled(self) -> bool:
        return any(
            m.throttling_rate_limit is not None and m.throttling_rate_limit >= 0 for m in self.method_settings
        )

    @property
    def caching_enabled(self) -> bool:
        return bool(self.cache_cluster_enabled) and any(m.caching_enabled for m in self.method_settings)


class ApiGatewayHttpApi(Resource):
    resource_type: ClassVar[str] = "AWS::ApiGatewayV2::Api"
    service: ClassVar[str] = "apigatewayv2"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_apigatewayv2_api",)

    api_id: str | None = None
    protocol_type: str | None = None  # HTTP | WEBSOCKET
    routes: tuple[str, ...] = ()
    cors_allow_origins: tuple[str, ...] = ()


class ApiGatewayHttpStage(Resource):
    resource_type: ClassVar[str] = "AWS::ApiGatewayV2::Stage"
    service: ClassVar[str] = "apigatewayv2"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_apigatewayv2_stage",)

    api_id: str | None = None
    stage_name: str
    auto_deploy: bool | None = None
    throttling_burst_limit: int | None = None
    throttling_rate_limit: float | None = None
    access_log_destination: str | None = None
