"""The emulator process: start on a free port, readiness, reset, state record, stop."""

from __future__ import annotations

import json
import os
import signal
import urllib.request
from pathlib import Path

import boto3
import pytest

from coattail.emulator.server import EmulatorError, EmulatorServer, pid_is_emulator

pytestmark = pytest.mark.emulator


def _s3(server: EmulatorServer):
    return boto3.client("s3", endpoint_url=server.endpoint_url, region_name="us-east-1")


def test_start_reset_stop(tmp_path: Path) -> None:
    state_file = tmp_path / "emulator.json"
    server = EmulatorServer(port=0, log_dir=tmp_path, state_file=state_file)
    server.start()
    try:
        assert json.loads(state_file.read_text()) == server.to_state()
        assert server.port and server.port > 0
        assert server.endpoint_url == f"http://127.0.0.1:{server.port}"
        assert server.ready() and server.is_alive() and pid_is_emulator(server.pid or -1)
        with urllib.request.urlopen(server.endpoint_url + "/moto-api/", timeout=5) as response:
            assert response.status == 200

        _s3(server).create_bucket(Bucket="kept-until-reset")
        assert [b["Name"] for b in _s3(server).list_buckets()["Buckets"]] == ["kept-until-reset"]
        server.reset()
        assert _s3(server).list_buckets()["Buckets"] == []

        # another process can find it again from the state record (what `ctc local status` does)
        again = EmulatorServer.from_state(server.to_state())
        assert again.is_alive() and again.ready() and again.endpoint_url == server.endpoint_url
    finally:
        pid = server.pid
        server.stop()
    assert pid is not None and not pid_is_emulator(pid)
    assert not server.is_alive()
    assert not state_file.exists()


def test_stop_kills_a_process_that_ignores_sigterm(tmp_path: Path) -> None:
    server = EmulatorServer(port=0, log_dir=tmp_path)
    server.start()
    pid = server.pid
    assert pid is not None
    os.kill(pid, signal.SIGSTOP)  # a stopped process cannot act on SIGTERM
    try:
        server.stop(timeout=1.0)
    finally:
        if pid_is_emulator(pid):
            os.kill(pid, signal.SIGKILL)
    assert not pid_is_emulator(pid)


def test_port_in_use_is_a_clear_error(tmp_path: Path) -> None:
    with EmulatorServer(port=0, log_dir=tmp_path / "a") as first:
        second = EmulatorServer(port=first.port or 0, log_dir=tmp_path / "b", startup_timeout=30)
        with pytest.raises(EmulatorError, match="exited with code"):
            second.start()
        assert not second.is_alive()
