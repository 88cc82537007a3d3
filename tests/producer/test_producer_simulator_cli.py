"""The `ctc producer` and `ctc simulator` commands: argument errors, the simulator's control command, and
`ctc producer run` discovering its streams and symbols from SSM (a real subprocess)."""

from __future__ import annotations

import json
import signal
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from ctc.cli import cli
from simulator import BackgroundSimulator


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
