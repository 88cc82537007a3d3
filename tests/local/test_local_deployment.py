"""The whole platform deployed by its own Terraform into the emulator (the shared `deployment`),
a second plan that shows no changes, and `ctc local up/status/down` as real subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from coattail.core.aws import AwsTarget, discover_platform
from coattail.emulator.server import EmulatorServer, pid_is_emulator

pytestmark = [pytest.mark.emulator, pytest.mark.slow]


def test_deployment_applies_the_whole_platform(deployment: Any, endpoint_url: str) -> None:
    assert deployment.resource_count() > 50
    assert deployment.timings["apply"] > 0
    slowest = deployment.slowest(3)
    assert len(slowest) == 3 and slowest[0][1] >= slowest[-1][1] > 0
    assert deployment.outputs, "the root module exposes outputs for service discovery"
    assert all(not isinstance(v, dict) or "sensitive" not in v for v in deployment.outputs.values())
    names = discover_platform(AwsTarget(endpoint_url=endpoint_url))
    assert names.trades_stream == "ctc-dev-trades"
    assert names.dlq_stream == "ctc-dev-trades-dlq"
    assert names.alerts_table == "ctc-dev-alerts"
    assert names.raw_bucket == "ctc-dev-raw-123456789012"
    assert names.glue_database == "ctc_dev_lakehouse"
    # nothing was written into the source tree: the copy in the working folder was deployed
    assert deployment.root.is_relative_to(deployment.workdir)
    assert not list((Path(__file__).resolve().parents[2] / "platform" / "infra").glob("*_override.tf"))


def test_second_plan_shows_no_changes(deployment: Any) -> None:
    assert deployment.plan_changes() == []


def _ctc() -> list[str]:
    script = Path(sys.executable).with_name("ctc")
    return (
        [str(script)]
        if script.exists()
        else [sys.executable, "-c", "from coattail.cli.cli import main; main()"]
    )


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CTC_ENDPOINT_URL", "AWS_ENDPOINT_URL")}
    return subprocess.run([*_ctc(), "local", *args], capture_output=True, text=True, env=env, timeout=900)


def test_ctc_local_up_status_down_leaves_nothing_behind(tmp_path: Path) -> None:
    workdir = tmp_path / "local"
    up = _run("up", "--port", "0", "--workdir", str(workdir), "--json")
    state_file = workdir / "state.json"
    emulator_state: dict[str, Any] = (
        json.loads(state_file.read_text())["emulator"] if state_file.exists() else {}
    )
    try:
        assert up.returncode == 0, up.stderr[-3000:]
        outputs = json.loads(up.stdout)
        assert outputs and isinstance(outputs, dict)
        assert "deployed" in up.stderr and "resources into" in up.stderr
        pid = emulator_state["pid"]
        assert pid_is_emulator(pid), "the emulator outlives `ctc local up`"

        status = _run("status", "--workdir", str(workdir), "--json")
        assert status.returncode == 0, status.stderr
        info = json.loads(status.stdout)
        assert info["emulator_alive"] is True and info["emulator_pid"] == pid
        assert info["endpoint_url"] == emulator_state["endpoint_url"]
        assert info["resource_count"] > 50

        down = _run("down", "--workdir", str(workdir))
        assert down.returncode == 0, down.stderr[-3000:]
        assert not pid_is_emulator(pid)
        assert not workdir.exists(), f"left behind: {sorted(p.name for p in workdir.rglob('*'))}"

        after = _run("status", "--workdir", str(workdir), "--json")
        assert json.loads(after.stdout)["emulator_alive"] is False
    finally:
        if emulator_state.get("pid") and pid_is_emulator(emulator_state["pid"]):
            EmulatorServer.from_state(emulator_state).stop()
