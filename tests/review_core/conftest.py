"""Helpers for the review-core tests: hand-built check metadata, findings and results."""

from __future__ import annotations

import http.client
import json
import re
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from coattail.review.model import CheckMeta, CheckResult, Finding, Pillar, Severity, SourceKind, Status

# A real best practice per pillar (the rubric reads its risk level from the framework catalog).
DEFAULT_BP = {
    Pillar.OPERATIONAL_EXCELLENCE: "OPS08-BP01",  # medium
    Pillar.SECURITY: "SEC08-BP02",  # high
    Pillar.RELIABILITY: "REL09-BP01",  # high
    Pillar.PERFORMANCE_EFFICIENCY: "PERF03-BP05",  # medium
    Pillar.COST_OPTIMIZATION: "COST01-BP06",  # medium
    Pillar.SUSTAINABILITY: "SUS05-BP02",  # medium
}


def make_meta(
    check_id: str,
    pillar: Pillar = Pillar.SECURITY,
    severity: Severity = Severity.HIGH,
    bp_id: str | None = None,
) -> CheckMeta:
    return CheckMeta(
        id=check_id,
        title=f"Title of {check_id}",
        pillar=pillar,
        bp_id=bp_id or DEFAULT_BP[pillar],
        severity=severity,
        service="s3",
        resource_type="AWS::S3::Bucket",
        rationale="because",
        remediation="fix it",
    )


def make_finding(resource: str, status: Status, **kw: Any) -> Finding:
    return Finding(
        resource_id=resource,
        resource_type="AWS::S3::Bucket",
        source=SourceKind.LIVE,
        status=status,
        message=f"{resource} is {status}",
        **kw,
    )


@pytest.fixture
def result() -> Callable[..., CheckResult]:
    def build(
        check_id: str,
        *statuses: Status,
        pillar: Pillar = Pillar.SECURITY,
        severity: Severity = Severity.HIGH,
        waived: bool = False,
        bp: str | None = None,
    ) -> CheckResult:
        findings = tuple(
            make_finding(
                f"arn:aws:s3:::{check_id}-{i}", s, waived_by="w" if waived and s == Status.FAIL else None
            )
            for i, s in enumerate(statuses)
        )
        from coattail.review.engine import aggregate_status

        return CheckResult(
            meta=make_meta(check_id, pillar, severity, bp),
            status=aggregate_status(findings),
            findings=findings,
            waived=waived,
        )

    return build


# -- emulator-backed fixtures -------------------------------------------------------------------

_SCOPE = re.compile(r"Credential=[^/]+/\d{8}/[^/]+/([^/]+)/aws4_request")


_HOP_HEADERS = ("transfer-encoding", "connection", "content-length", "server", "date")


def _error_body(service: str, code: str, json_protocol: bool) -> tuple[bytes, str]:
    if json_protocol:
        return json.dumps({"__type": code, "message": f"injected {code} for {service}"}).encode(), (
            "application/x-amz-json-1.1"
        )
    xml = (
        f"<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>injected</Message></Error>"
        "<RequestId>1</RequestId></ErrorResponse>"
    )
    return xml.encode(), "text/xml"


class FaultProxy:
    """An HTTP proxy in front of the emulator that answers one service's calls with an AWS error.

    ``faults`` maps a SigV4 signing service name (``kinesis``, ``dynamodb``, ...) to
    ``(status, error code)``. Everything else is forwarded unchanged. Runs in a thread on a free port.
    """

    def __init__(self, upstream: str, faults: dict[str, tuple[int, str]]) -> None:
        self.upstream = urlsplit(upstream)
        self.faults = dict(faults)
        self.hits: dict[str, int] = {}
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep test output quiet
                pass

            def _handle(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                match = _SCOPE.search(self.headers.get("Authorization", ""))
                service = match.group(1) if match else ""
                if service in proxy.faults:
                    proxy.hits[service] = proxy.hits.get(service, 0) + 1
                    status, code = proxy.faults[service]
                    json_protocol = "json" in (self.headers.get("Content-Type") or "")
                    data, ctype = _error_body(service, code, json_protocol)
                    self.send_response(status)
                    self.send_header("Content-Type", ctype)
                    self.send_header("x-amzn-ErrorType", code)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                    return
                assert proxy.upstream.hostname is not None
                conn = http.client.HTTPConnection(proxy.upstream.hostname, proxy.upstream.port, timeout=60)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("connection",)}
                conn.request(self.command, self.path, body=body or None, headers=headers)
                resp = conn.getresponse()
                data = resp.read()
                self.send_response(resp.status)
                for k, v in resp.getheaders():
                    if k.lower() not in _HOP_HEADERS:
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                conn.close()

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def endpoint_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> FaultProxy:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fault_proxy(endpoint_url: str) -> Callable[[dict[str, tuple[int, str]]], FaultProxy]:
    return lambda faults: FaultProxy(endpoint_url, faults)


@pytest.fixture(scope="session")
def terraform_show(deployment: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``terraform show -json`` of the deployed working dir, written once."""
    path = tmp_path_factory.mktemp("tfshow") / "show.json"
    path.write_text(json.dumps(deployment.terraform.show_json()), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def live_collection(deployment: Any, endpoint_url: str) -> Any:
    from coattail.review.collectors.live import LiveOptions, collect_live

    return collect_live(LiveOptions(endpoint_url=endpoint_url, max_attempts=3))


@pytest.fixture(scope="session")
def terraform_inventory(deployment: Any, terraform_show: Path) -> Any:
    from coattail.review.collectors.terraform import TerraformOptions, collect_terraform

    return collect_terraform(
        TerraformOptions(
            directory=deployment.root,
            plan_json=terraform_show,
            path_prefix="platform/infra",
            run_checkov=False,
        )
    )
