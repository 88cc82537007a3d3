"""`ctc producer run` as a real process: SIGTERM in the middle of a burst flushes what is buffered."""

from __future__ import annotations

import signal
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from coattail.simulator import BackgroundSimulator

pytestmark = [pytest.mark.emulator, pytest.mark.slow]


def test_sigterm_during_burst_flushes_the_buffer(harness: Any, endpoint_url: str, tmp_path: Path) -> None:
    log_path = tmp_path / "producer.log"
    with BackgroundSimulator(rate=0) as bg:
        args = [
            "--endpoint-url",
            endpoint_url,
            "--stream",
            harness.streams.trades,
            "--dlq-stream",
            harness.streams.dlq,
            "--simulator",
            bg.url,
            "--no-ssm-symbols",
            "--no-metrics",
            "--flush-interval",
            "120",
        ]  # only a full batch or the shutdown flush writes anything
        with harness.producer_process(args, log_path) as process:
            bg.wait_for_clients("binance", timeout=60)
            bg.wait_for_clients("coinbase", timeout=60)
            assert bg.sim is not None
            burst = bg.submit(bg.sim.inject_burst(4000))
            deadline = time.monotonic() + 60
            while len(bg.frames("trade")) < 700 and time.monotonic() < deadline:
                time.sleep(0.02)
            process.send_signal(signal.SIGTERM)
            returncode = process.wait(timeout=90)
            burst.result(timeout=60)
        sent = {(f.exchange, f.trade_id) for f in bg.frames("trade")}

    logs = harness.json_logs(log_path)
    assert returncode == 0, log_path.read_text()[-3000:]
    draining = next(entry for entry in logs if entry["message"] == "signal received; draining")
    assert draining["signal"] == "SIGTERM" and draining["buffered"] > 0
    summary = next(entry for entry in logs if entry["message"] == "producer stopped")
    counters = summary["counters"]
    assert summary["balanced"] is True

    trades = harness.trades()
    keys = [(t["exchange"], t["trade_id"]) for t in trades]
    assert not [k for k, n in Counter(keys).items() if n > 1]
    assert set(keys) <= sent
    # everything the producer accepted before stopping was written, including the partial batch
    assert len(trades) == counters["events_out"] == sum(counters["events"].values()) >= 700
