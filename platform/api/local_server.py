"""A small local HTTP server that turns requests into API Gateway REST proxy events.

It calls the same :class:`~api.app.App` the Lambda runs, in-process, and can also serve the
dashboard's static files at ``/`` (API Gateway and S3 do these two jobs in the cloud).
"""

from __future__ import annotations

import threading
import time
import urllib.parse
import uuid
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from coattail.api.app import App

API_PREFIXES = ("/alerts", "/metrics/", "/health")


def proxy_event(
    method: str, raw_path: str, headers: Mapping[str, str], source_ip: str = "127.0.0.1"
) -> dict[str, Any]:
    """The API Gateway REST (payload 1.0) proxy event API Gateway would send for this request."""
    parsed = urllib.parse.urlsplit(raw_path)
    path = urllib.parse.unquote(parsed.path) or "/"
    multi: dict[str, list[str]] = {}
    for name, value in urllib.parse.parse_qsl(parsed.query, keep_blank_values=True):
        multi.setdefault(name, []).append(value)
    single = {k: v[-1] for k, v in multi.items()}
    resource, path_parameters = path, None
    if path.startswith("/metrics/"):
        resource, path_parameters = "/metrics/{symbol}", {"symbol": path[len("/metrics/") :].rstrip("/")}
    request_id = str(uuid.uuid4())
    return {
        "resource": resource,
        "path": path,
        "httpMethod": method,
        "headers": dict(headers),
        "multiValueHeaders": {k: [v] for k, v in headers.items()},
        "queryStringParameters": single or None,
        "multiValueQueryStringParameters": multi or None,
        "pathParameters": path_parameters,
        "stageVariables": None,
        "requestContext": {
            "resourcePath": resource,
            "httpMethod": method,
            "path": path,
            "stage": "local",
            "requestId": request_id,
            "requestTimeEpoch": int(time.time() * 1000),
            "identity": {"sourceIp": source_ip, "userAgent": headers.get("User-Agent", "")},
            "protocol": "HTTP/1.1",
        },
        "body": None,
        "isBase64Encoded": False,
    }


class LocalApiServer:
    """``ThreadingHTTPServer`` on ``host:port`` (0 = a free port) running in a daemon thread."""

    def __init__(
        self,
        app: App,
        host: str = "127.0.0.1",
        port: int = 0,
        static_files: Mapping[str, Path] | None = None,
        config_js: str | None = None,
    ) -> None:
        self.app = app
        self.static_files = dict(static_files or {})
        self.config_js = config_js
        self.httpd = ThreadingHTTPServer((host, port), _handler_class(self))
        self.httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> LocalApiServer:
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="ctc-api", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self.httpd.serve_forever()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)


def _handler_class(server: LocalApiServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            path = urllib.parse.urlsplit(self.path).path
            if path.startswith(API_PREFIXES):
                self._api("GET")
            else:
                self._static(path)

        def do_OPTIONS(self) -> None:
            self._api("OPTIONS")

        def do_POST(self) -> None:
            self._api("POST")

        def do_DELETE(self) -> None:
            self._api("DELETE")

        def _api(self, method: str) -> None:
            event = proxy_event(method, self.path, dict(self.headers.items()), self.client_address[0])
            response = server.app.handle(event)
            body = str(response.get("body") or "").encode()
            self._send(int(response["statusCode"]), dict(response.get("headers") or {}), body)

        def _static(self, path: str) -> None:
            from coattail.dashboard import CONTENT_TYPES

            name = "index.html" if path in ("", "/") else path.lstrip("/")
            if name == "config.js" and server.config_js is not None:
                self._send(200, {"Content-Type": CONTENT_TYPES[".js"]}, server.config_js.encode())
                return
            file = server.static_files.get(name)
            if file is None:
                self._send(404, {"Content-Type": "text/plain"}, b"not found")
                return
            content_type = CONTENT_TYPES.get(file.suffix, "application/octet-stream")
            self._send(200, {"Content-Type": content_type, "Cache-Control": "no-cache"}, file.read_bytes())

        def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:  # the App logs requests as JSON
            return

    return Handler
