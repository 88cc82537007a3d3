"""AccessDenied and throttling for one service: the run finishes, that service is not assessed, exit 3."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from click.testing import CliRunner

from coattail.emulator import UNSUPPORTED_SERVICES
from coattail.review.cli import cli
from coattail.review.collectors.live import LiveOptions, collect_live
from coattail.review.collectors.live.specs.storage import DYNAMODB_TABLES, KINESIS_STREAMS, S3_BUCKETS

pytestmark = pytest.mark.emulator


def _deny_s3(**kwargs: Any) -> tuple[Any, dict[str, Any]]:
    """A botocore ``before-call`` handler answering every S3 call with AccessDenied."""
    return SimpleNamespace(status_code=403), {
        "Error": {"Code": "AccessDenied", "Message": "injected by the test"},
        "ResponseMetadata": {"HTTPStatusCode": 403},
    }


def test_access_denied_via_botocore_hook_marks_only_that_service(deployment, endpoint_url) -> None:
    options = LiveOptions(
        endpoint_url=endpoint_url,
        specs=(S3_BUCKETS, KINESIS_STREAMS),
        event_hooks=(("before-call.s3", _deny_s3),),
    )
    inv = collect_live(options).inventory
    assert [(n.service, n.error_code) for n in inv.not_assessed] == [("s3", "AccessDenied")]
    assert "ListBuckets" in inv.not_assessed[0].reason
    assert inv.s3_buckets == () and {s.name for s in inv.kinesis_streams} >= {"ctc-dev-trades"}
    assert not inv.assessed("s3") and inv.assessed("kinesis")
    assert inv.sources[0].ok is False


def test_throttling_is_retried_then_not_assessed_through_a_real_proxy(deployment, fault_proxy) -> None:
    faults = {"dynamodb": (400, "ThrottlingException"), "kinesis": (400, "AccessDeniedException")}
    with fault_proxy(faults) as proxy:
        options = LiveOptions(
            endpoint_url=proxy.endpoint_url,
            max_attempts=3,
            specs=(S3_BUCKETS, KINESIS_STREAMS, DYNAMODB_TABLES),
        )
        result = collect_live(options)
    gaps = {n.service: n.error_code for n in result.inventory.not_assessed}
    assert gaps == {"dynamodb": "ThrottlingException", "kinesis": "AccessDeniedException"}
    # adaptive retries: the throttled call was sent again (until the attempts ran out), the denied one once
    assert result.counter.calls["dynamodb"] == 1 and result.counter.attempts["dynamodb"] >= 3
    assert (result.counter.calls["kinesis"], result.counter.attempts["kinesis"]) == (1, 1)
    assert proxy.hits == {"dynamodb": result.counter.attempts["dynamodb"], "kinesis": 1}
    assert len(result.inventory.s3_buckets) >= 4


def _score_args(endpoint: str, out: Path) -> list[str]:
    return [
        "score",
        "--source",
        "live",
        "--endpoint-url",
        endpoint,
        "--max-attempts",
        "2",
        "--output-dir",
        str(out),
        "--no-reports",
        "-q",
    ]


def test_score_cli_exits_3_and_records_the_gap(deployment, fault_proxy, tmp_path) -> None:
    with fault_proxy({"kinesis": (400, "AccessDeniedException")}) as proxy:
        result = CliRunner().invoke(cli, _score_args(proxy.endpoint_url, tmp_path))
    assert result.exit_code == 3, result.output
    data = json.loads((tmp_path / "results.json").read_text())
    gaps = [(n["service"], n["error_code"]) for n in data["not_assessed"]]
    gaps = [g for g in gaps if g[0] not in UNSUPPORTED_SERVICES]  # what moto lacks is expected
    assert gaps == [("kinesis", "AccessDeniedException")]
    kinesis_checks = [c for c in data["checks"] if c["meta"]["service"] == "kinesis"]
    assert kinesis_checks and all(c["status"] != "PASS" for c in kinesis_checks)


def test_score_cli_as_a_real_subprocess(deployment, fault_proxy, tmp_path) -> None:
    binary = Path(sys.executable).with_name("ctc-review")
    with fault_proxy({"kinesis": (400, "AccessDeniedException")}) as proxy:
        proc = subprocess.run(
            [str(binary), *_score_args(proxy.endpoint_url, tmp_path)],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    assert proc.returncode == 3, proc.stderr
    assert "not assessed" in proc.stderr and "kinesis" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_unreachable_endpoint_is_a_clear_error_not_a_traceback(tmp_path) -> None:
    result = CliRunner().invoke(cli, _score_args("http://127.0.0.1:9", tmp_path))
    assert result.exit_code == 3
    assert "cannot reach the AWS endpoint http://127.0.0.1:9" in result.output
    data = json.loads((tmp_path / "results.json").read_text())
    assert data["sources"][0]["ok"] is False and data["not_assessed"][0]["service"] == "*"
