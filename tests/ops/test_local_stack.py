"""`ctc api serve` as a real process and the local stack (simulator + producer + API) against the
platform deployed into the emulator; stopping the stack stops everything it started."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from typing import Any

import pytest

pytestmark = [pytest.mark.emulator, pytest.mark.slow]


def get(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read().decode()


def test_ctc_api_serve_process_serves_api_and_dashboard(endpoint_url, platform_outputs):
    env = dict(os.environ, CTC_ENDPOINT_URL=endpoint_url)
    cmd = [
        sys.executable,
        "-c",
        "import sys; from coattail.cli.cli import cli; sys.exit(cli())",
        "api",
        "serve",
        "--port",
        "0",
    ]
    process = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None and process.stderr is not None
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:"), (
            process.stderr.read() if process.poll() is not None else url
        )
        status, ctype, body = get(url + "/alerts?type=whale_trade&limit=5")
        assert status == 200 and ctype == "application/json"
        assert set(json.loads(body)) == {"alerts", "count", "has_more", "next_token"}
        status, _, body = get(url + "/alerts?limit=500")
        assert status == 400 and "between 1 and 200" in json.loads(body)["message"]
        status, _, body = get(url + "/metrics/BTC-USDT")
        assert status == 200 and json.loads(body)["symbol"] == "BTC-USDT"
        status, ctype, body = get(url + "/")
        assert status == 200 and ctype.startswith("text/html")
        assert "not financial advice" in body
        status, _, body = get(url + "/config.js")
        assert '"pollMs": 10000' in body
        health = json.loads(get(url + "/health")[2])
        assert health["components"]["job"]["application_state"] in ("CREATED", "STARTED", "STOPPED")
    finally:
        process.terminate()
        process.wait(timeout=20)


def records_since(kinesis: Any, stream: str, start: datetime) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for shard in kinesis.list_shards(StreamName=stream)["Shards"]:
        iterator = kinesis.get_shard_iterator(
            StreamName=stream, ShardId=shard["ShardId"], ShardIteratorType="AT_TIMESTAMP", Timestamp=start
        )["ShardIterator"]
        for _ in range(20):
            page = kinesis.get_records(ShardIterator=iterator, Limit=1000)
            out.extend(json.loads(r["Data"]) for r in page["Records"])
            iterator = page.get("NextShardIterator")
            if not page["Records"] or not iterator:
                break
    return out


def test_stack_runs_simulator_producer_api_and_stops_them(endpoint_url, platform_outputs, aws, tmp_path):
    from coattail.cli.stack import DataStack

    started_at = datetime.now(UTC)
    stack = DataStack(
        endpoint_url=endpoint_url, api_port=0, workdir=tmp_path, simulator_rate=50, with_job=False
    )
    lines: list[str] = []
    stack.start(echo=lines.append)
    processes = [c.process for c in stack.components]
    api_url = stack.api_server.url
    try:
        assert {c.name for c in stack.components} == {"simulator", "producer"}
        assert all(stack.status().values())
        stream = platform_outputs["kinesis_stream_names"]["trades"]
        trades: list[dict[str, Any]]
        deadline, trades = time.monotonic() + 90, []
        while time.monotonic() < deadline and len(trades) < 20:
            time.sleep(3)
            trades = records_since(aws("kinesis"), stream, started_at)
        assert len(trades) >= 20, f"the producer wrote {len(trades)} trades; logs in {tmp_path}"
        assert {t["exchange"] for t in trades} <= {"binance", "coinbase"}
        status, _, body = get(api_url + "/health")
        assert status == 200 and "components" in json.loads(body)
        assert get(api_url + "/")[0] == 200
    finally:
        codes = stack.stop()
    assert set(codes) == {"simulator", "producer"}
    assert all(p is not None and p.poll() is not None for p in processes), "a component outlived stop()"
    with pytest.raises(OSError):
        urllib.request.urlopen(api_url + "/health", timeout=5)
    assert any("dashboard" in line for line in lines)
