"""Errors the API turns into HTTP answers (everything else is a 5xx and gets logged)."""

from __future__ import annotations


class ApiError(Exception):
    """An error with an HTTP status and a message safe to show to the caller."""

    status = 500
    code = "internal_error"

    def __init__(self, message: str, parameter: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.parameter = parameter

    def body(self) -> dict[str, str]:
        out = {"error": self.code, "message": self.message}
        if self.parameter is not None:
            out["parameter"] = self.parameter
        return out


class BadRequest(ApiError):
    status = 400
    code = "bad_request"


class NotFound(ApiError):
    status = 404
    code = "not_found"


class MethodNotAllowed(ApiError):
    status = 405
    code = "method_not_allowed"


class UpstreamUnavailable(ApiError):
    """DynamoDB (or another dependency) failed: 503, the caller may retry."""

    status = 503
    code = "upstream_unavailable"
