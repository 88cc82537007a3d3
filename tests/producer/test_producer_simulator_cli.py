"""The `ctc producer` and `ctc simulator` commands: argument errors, the simulator's control command, and
`ctc producer run` discovering its streams and symbols from SSM (a real subprocess)."""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from websockets.asyncio.client import connect

from coattail.cli.cli import cli
from coattail.simulator import BackgroundSimulator


def test_producer_run_rejects_bad_symbols_before_connecting() -> None:
    result = CliRunner().invoke(
        cli,
        ["producer", "run", "--symbols", "BTCUSDT", "--no-ssm-symbols", "--stream", "a", "--dlq-stream", "b"],
    )
    assert result.exit_code == 2 and "BASE-QUOTE" in result.output


def test_simulator_fault_command_drives_the_control_api() -> None:
    with BackgroundSimulator(rate=0) as bg:
        runner = CliRunner()
        ok = runner.invoke(cli, ["simulator", "fault", "stall", "exchange=binance", "--url", bg.url])
        assert ok.exit_code == 0, ok.output
        assert json.loads(ok.output)["stalled"] == ["binance"]
        bad = runner.invoke(cli, ["simulator", "fault", "refuse", "exchange=kraken", "--url", bg.url])
        assert bad.exit_code == 1 and "kraken" in bad.output


@pytest.mark.emulator
@pytest.mark.slow
def test_producer_run_discovers_streams_and_symbols_from_ssm(
    harness: Any, aws: Any, endpoint_url: str, tmp_path: Path
) -> None:
    project = f"ctctest{uuid.uuid4().hex[:6]}"  # its own SSM prefix: the deployed platform's is untouched
    ssm = aws("ssm")
    params = {
        "kinesis/trades-stream-name": harness.streams.trades,
        "kinesis/dlq-stream-name": harness.streams.dlq,
        "dynamodb/alerts-table-name": "unused",
        "s3/bucket-names": json.dumps(
            {"raw": "r", "processed": "p", "checkpoint": "c", "athena_results": "a"}
        ),
        "glue/database-name": "unused",
        "config/symbols": "ETH-USDT",
    }
    for key, value in params.items():
        ssm.put_parameter(Name=f"/{project}/dev/{key}", Value=value, Type="String")
    log_path = tmp_path / "producer.log"
    args = ["--endpoint-url", endpoint_url, "--project", project, "--flush-interval", "0.2", "--no-metrics"]
    try:
        with (
            BackgroundSimulator(rate=0) as bg,
            harness.producer_process([*args, "--simulator", bg.url], log_path) as process,
        ):
            bg.wait_for_clients("binance", timeout=60)
            bg.wait_for_clients("coinbase", timeout=60)
            assert bg.inject_burst(120) > 0
            expected = harness.trade_frames_by_key(bg)  # the burst + Coinbase's last_match
            deadline = time.monotonic() + 60
            while len(harness.trades()) < len(expected) and time.monotonic() < deadline:
                time.sleep(0.3)
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=60) == 0, log_path.read_text()[-2000:]
    finally:
        ssm.delete_parameters(Names=[f"/{project}/dev/{k}" for k in params])
    trades = harness.trades()
    assert sorted((t["exchange"], t["trade_id"]) for t in trades) == expected
    assert {t["symbol"] for t in trades} == {"ETH-USDT"}  # only the symbol SSM configured was subscribed
    start = next(
        json.loads(line) for line in log_path.read_text().splitlines() if "producer starting" in line
    )
    assert start["config_sources"] == ["producer/config.yaml", "ssm:config/symbols"]
    assert start["stream"] == harness.streams.trades


@pytest.mark.emulator
def test_producer_run_fails_fast_on_a_missing_stream(endpoint_url: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "producer",
            "run",
            "--endpoint-url",
            endpoint_url,
            "--stream",
            "no-such-stream",
            "--dlq-stream",
            "no-such-dlq",
            "--no-ssm-symbols",
            "--no-metrics",
            "--simulator",
            "ws://127.0.0.1:9",
        ],
    )
    assert result.exit_code == 1 and "no-such-stream" in result.output and "ResourceNotFound" in result.output


@pytest.mark.slow
def test_simulator_run_serves_until_terminated_and_applies_start_faults(tmp_path: Path) -> None:
    command = [
        sys.executable,
        "-c",
        "from coattail.cli.cli import main; main()",
        "simulator",
        "run",
        "--port",
        "0",
        "--rate",
        "200",
        "--generate",
        "50",
        "--symbols",
        "BTC-USDT,ETH-USDT",
        "--fault",
        "divergence?exchange=binance&symbol=ETH-USDT&pct=3",
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        assert process.stdout is not None
        urls = json.loads(process.stdout.readline())

        async def read_some() -> list[dict[str, Any]]:
            async with connect(f"{urls['binance_url']}/stream?streams=btcusdt@trade/ethusdt@trade") as ws:
                return [json.loads(await ws.recv()) for _ in range(10)]

        messages = asyncio.run(read_some())
        assert all(m["stream"] in ("btcusdt@trade", "ethusdt@trade") for m in messages)
        status = json.loads(urllib.request.urlopen(f"{urls['control_url']}/status").read())
        assert status["divergence"] == {"binance:ETH-USDT": 3.0} and status["sent"]["binance:trade"] >= 10
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
