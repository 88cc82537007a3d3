"""`ctc local up --with-data`: the deployed platform with data flowing, stopped by Ctrl-C.

Ctrl-C (SIGINT) must stop everything the command started: simulator, producer, streaming job,
API server, the deployment and the emulator.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from coattail.emulator.server import EmulatorServer, pid_is_emulator

pytestmark = [pytest.mark.emulator, pytest.mark.slow]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read().decode()


def test_ctc_local_up_with_data_serves_the_dashboard_and_ctrl_c_stops_everything(tmp_path: Path) -> None:
    workdir, api_port = tmp_path / "local", _free_port()
    script = Path(sys.executable).with_name("ctc")
    env = {k: v for k, v in os.environ.items() if k not in ("CTC_ENDPOINT_URL", "AWS_ENDPOINT_URL")}
    log = (tmp_path / "up.log").open("w")
    args = [
        "local",
        "up",
        "--port",
        "0",
        "--workdir",
        str(workdir),
        "--with-data",
        "--api-port",
        str(api_port),
    ]
    proc = subprocess.Popen([str(script), *args], stdout=log, stderr=subprocess.STDOUT, env=env)
    emulator_state: dict[str, Any] = {}
    try:
        deadline, health = time.monotonic() + 600, None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                status, body = _get(f"http://127.0.0.1:{api_port}/health")
                health = json.loads(body) if status == 200 else None
                break
            except OSError:
                time.sleep(2)
        state_file = workdir / "state.json"
        if state_file.exists():
            emulator_state = json.loads(state_file.read_text())["emulator"]
        assert health is not None, (tmp_path / "up.log").read_text()[-3000:]
        status, page = _get(f"http://127.0.0.1:{api_port}/")
        assert status == 200 and "not financial advice" in page.lower()
        assert pid_is_emulator(emulator_state["pid"])

        while "stack running" not in (tmp_path / "up.log").read_text() and time.monotonic() < deadline:
            time.sleep(1)
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=300) == 0, (tmp_path / "up.log").read_text()[-3000:]
        assert not pid_is_emulator(emulator_state["pid"])
        with pytest.raises(OSError):
            _get(f"http://127.0.0.1:{api_port}/health")
        assert not workdir.exists(), f"left behind: {sorted(p.name for p in workdir.rglob('*'))}"
    finally:
        if proc.poll() is None:
            proc.kill()
        if emulator_state.get("pid") and pid_is_emulator(emulator_state["pid"]):
            EmulatorServer.from_state(emulator_state).stop()
