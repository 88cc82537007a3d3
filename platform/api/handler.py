"""Lambda entry point of the alerts API (``api.handler.lambda_handler``)."""

from __future__ import annotations

import json
from typing import Any


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """API Gateway REST proxy handler (minimal placeholder until the resolver lands)."""
    path = str(event.get("path") or "")
    if event.get("httpMethod") != "GET" or not (path == "/alerts" or path.startswith("/metrics/")):
        return _respond(404, {"error": "not_found", "message": f"no route for {path!r}"})
    return _respond(200, {"alerts": [], "count": 0, "has_more": False, "next_token": None})


def _respond(status: int, body: dict[str, Any]) -> dict[str, Any]:
    return {
        "statusCode": status,
        "headers": {"Content-Type": "application/json", "Access-Control-Allow-Origin": "*"},
        "body": json.dumps(body),
    }
