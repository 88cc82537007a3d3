"""The API application: one resolver mapping API Gateway REST proxy events to routes.

Routes: ``GET /alerts``, ``GET /metrics/{symbol}``, ``GET /health`` (plus CORS pre-flight).
Bad input is a 400 with a message; DynamoDB failures a 503; anything else a 500 with the
correlation id to look up in the logs.
"""

from __future__ import annotations

import json
import logging
import os
import re
import time
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from coattail.api.errors import ApiError, BadRequest, MethodNotAllowed, NotFound, UpstreamUnavailable
from coattail.api.health import HealthSources, health
from coattail.api.logs import log
from coattail.api.metrics import symbol_metrics
from coattail.api.params import parse_alerts_query, parse_symbol
from coattail.api.store import AlertStore


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: Mapping[str, str]
    multi_query: Mapping[str, list[str]]
    path_parameters: Mapping[str, str]
    correlation_id: str

    @classmethod
    def from_event(cls, event: Mapping[str, Any]) -> Request:
        context = event.get("requestContext") or {}
        headers = {str(k).lower(): str(v) for k, v in (event.get("headers") or {}).items()}
        correlation = (
            headers.get("x-correlation-id")
            or (context.get("requestId") if isinstance(context, dict) else None)
            or f"local-{time.time_ns()}"
        )
        return cls(
            method=str(event.get("httpMethod") or "GET").upper(),
            path=str(event.get("path") or "/"),
            query={str(k): str(v) for k, v in (event.get("queryStringParameters") or {}).items()},
            multi_query={
                str(k): [str(x) for x in v]
                for k, v in (event.get("multiValueQueryStringParameters") or {}).items()
            },
            path_parameters={str(k): str(v) for k, v in (event.get("pathParameters") or {}).items()},
            correlation_id=str(correlation)[:128],
        )


Handler = Callable[[Request, dict[str, str]], dict[str, Any]]


@dataclass
class App:
    """Routes plus the dependencies they read (injected, so local runs and tests pass their own)."""

    store: AlertStore
    health_sources: HealthSources = field(default_factory=HealthSources)
    allowed_symbols: tuple[str, ...] = ()
    cors_origin: str = "*"
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))

    def __post_init__(self) -> None:
        self.routes: list[tuple[re.Pattern[str], str, Handler]] = [
            (re.compile(r"^/alerts/?$"), "/alerts", self.get_alerts),
            (re.compile(r"^/metrics/(?P<symbol>[^/]*)/?$"), "/metrics/{symbol}", self.get_metrics),
            (re.compile(r"^/health/?$"), "/health", self.get_health),
        ]

    @classmethod
    def from_environment(cls, env: Mapping[str, str] | None = None, client_factory: Any = None) -> App:
        """Build from Lambda environment variables (``ALERTS_TABLE_NAME`` required)."""
        env = os.environ if env is None else env
        table = env.get("ALERTS_TABLE_NAME")
        if not table:
            raise RuntimeError("ALERTS_TABLE_NAME is not set: the Terraform sets it on the Lambda function")
        import boto3
        from botocore.config import Config

        config = Config(retries={"mode": "adaptive", "max_attempts": 5}, connect_timeout=3, read_timeout=5)
        make = client_factory or (lambda service: boto3.client(service, config=config))
        stream, emr_app = env.get("TRADES_STREAM_NAME"), env.get("EMR_APPLICATION_ID")
        return cls(
            store=AlertStore(make("dynamodb"), table),
            health_sources=HealthSources(
                cloudwatch=make("cloudwatch") if stream else None,
                emr=make("emr-serverless") if emr_app else None,
                trades_stream=stream,
                emr_application_id=emr_app,
            ),
            allowed_symbols=tuple(s.strip() for s in env.get("SYMBOLS", "").split(",") if s.strip()),
            cors_origin=env.get("CORS_ALLOW_ORIGIN", "*"),
        )

    def handle(self, event: Mapping[str, Any]) -> dict[str, Any]:
        started = time.perf_counter()
        request = Request.from_event(event)
        route = "unmatched"
        try:
            if request.method == "OPTIONS":
                status, body = 204, None
            else:
                handler, route, params = self._match(request)
                status, body = 200, handler(request, params)
        except ApiError as exc:
            status, body = exc.status, {**exc.body(), "correlation_id": request.correlation_id}
        except (ClientError, BotoCoreError) as exc:
            log(logging.ERROR, "dependency failure", correlation_id=request.correlation_id, route=route)
            err = UpstreamUnavailable(
                f"the alerts store is unavailable ({type(exc).__name__}); retry shortly"
            )
            status, body = err.status, {**err.body(), "correlation_id": request.correlation_id}
        except Exception:
            log(logging.ERROR, "unhandled error", correlation_id=request.correlation_id, route=route)
            status = 500
            body = {
                "error": "internal_error",
                "message": "unexpected error",
                "correlation_id": request.correlation_id,
            }
        log(
            logging.INFO if status < 500 else logging.WARNING,
            "request",
            correlation_id=request.correlation_id,
            method=request.method,
            path=request.path[:200],
            route=route,
            status=status,
            duration_ms=round((time.perf_counter() - started) * 1000, 2),
        )
        return self._response(status, body, request.correlation_id)

    def _match(self, request: Request) -> tuple[Handler, str, dict[str, str]]:
        for pattern, name, handler in self.routes:
            match = pattern.match(request.path)
            if match:
                if request.method != "GET":
                    raise MethodNotAllowed(f"{request.method} is not allowed on {name}; use GET")
                params = {k: urllib.parse.unquote(v) for k, v in match.groupdict().items()}
                params.update(request.path_parameters)
                return handler, name, params
        raise NotFound(f"no route for {request.path[:100]!r}; routes: /alerts, /metrics/{{symbol}}, /health")

    def get_alerts(self, request: Request, _: dict[str, str]) -> dict[str, Any]:
        query = parse_alerts_query(request.query, request.multi_query, self.allowed_symbols)
        try:
            return self.store.list_alerts(query).body()
        except ClientError as exc:
            if query.next_token and exc.response.get("Error", {}).get("Code") == "ValidationException":
                raise BadRequest(
                    "next_token does not match this table; start again without it", "next_token"
                ) from None
            raise

    def get_metrics(self, request: Request, params: dict[str, str]) -> dict[str, Any]:
        if request.query:
            raise BadRequest(
                f"/metrics/{{symbol}} takes no query parameters; got {sorted(request.query)[0]!r}"
            )
        symbol = parse_symbol(params.get("symbol", ""), self.allowed_symbols)
        return symbol_metrics(self.store, symbol, self.clock())

    def get_health(self, request: Request, _: dict[str, str]) -> dict[str, Any]:
        return health(self.store, self.health_sources, self.clock())

    def _response(self, status: int, body: Any, correlation_id: str) -> dict[str, Any]:
        headers = {
            "Access-Control-Allow-Origin": self.cors_origin,
            "Access-Control-Allow-Methods": "GET,OPTIONS",
            "Access-Control-Allow-Headers": "Content-Type,X-Correlation-Id",
            "X-Correlation-Id": correlation_id,
            "Cache-Control": "no-store",
        }
        if body is None:
            return {"statusCode": status, "headers": headers, "body": ""}
        headers["Content-Type"] = "application/json"
        return {"statusCode": status, "headers": headers, "body": json.dumps(body, default=str)}
