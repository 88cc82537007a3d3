"""Lambda entry point of the alerts API (``coattail.api.handler.lambda_handler``).

The application (and its boto3 clients) is built on the first invocation, not at import, and
reused while the execution environment stays warm.
"""

from __future__ import annotations

from typing import Any

from coattail.api.app import App

_app: App | None = None


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """API Gateway REST proxy integration handler."""
    global _app
    if _app is None:
        _app = App.from_environment()
    return _app.handle(event)
