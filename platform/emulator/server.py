"""Start, probe, reset and stop the emulator process (``python -m coattail.emulator``).

The process runs in its own session so that it outlives the command that started it
(``ctc local up``); its pid and port can be written to and read back from a JSON state record.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

READY_PATH = "/moto-api/"
RESET_PATH = "/moto-api/reset"
SNAPSHOTS_PATH = "/ctc-api/snapshots"


class EmulatorError(RuntimeError):
    """The emulator did not start, answer or stop as expected."""


class EmulatorServer:
    """A moto server subprocess with the project's divergence fixes, on ``host:port``.

    ``port=0`` lets the process bind a free port and report it back through a port file. With
    ``state_file`` the pid/port record is written there once ready and removed on stop.
    """

    def __init__(
        self,
        port: int = 0,
        log_dir: Path | str | None = None,
        host: str = "127.0.0.1",
        startup_timeout: float = 90.0,
        state_file: Path | str | None = None,
    ) -> None:
        self.host = host
        self.requested_port = port
        self.port: int | None = port or None
        self.log_dir = (
            Path(log_dir) if log_dir is not None else Path(tempfile.mkdtemp(prefix="ctc-emulator-"))
        )
        self.startup_timeout = startup_timeout
        self.state_file = Path(state_file) if state_file is not None else None
        self.pid: int | None = None
        self._process: subprocess.Popen[bytes] | None = None

    # ------------------------------------------------------------------ state
    @property
    def endpoint_url(self) -> str:
        if self.port is None:
            raise EmulatorError("the emulator has not been started (no port yet)")
        return f"http://{self.host}:{self.port}"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "emulator.log"

    def to_state(self) -> dict[str, Any]:
        return {
            "pid": self.pid,
            "host": self.host,
            "port": self.port,
            "endpoint_url": self.endpoint_url,
            "log_file": str(self.log_file),
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> EmulatorServer:
        """An emulator started earlier (possibly by another process), known by pid and port."""
        server = cls(port=int(state["port"]), log_dir=Path(state["log_file"]).parent, host=state["host"])
        server.pid = int(state["pid"]) if state.get("pid") is not None else None
        return server

    # -------------------------------------------------------------- lifecycle
    def start(self) -> EmulatorServer:
        if self.is_alive():
            raise EmulatorError(f"emulator already running (pid {self.pid})")
        self.log_dir.mkdir(parents=True, exist_ok=True)
        port_file = self.log_dir / f"emulator-{os.getpid()}-{time.monotonic_ns()}.port"
        cmd = [
            sys.executable,
            "-m",
            "coattail.emulator",
            "--host",
            self.host,
            "--port",
            str(self.requested_port),
            "--port-file",
            str(port_file),
        ]
        env = {**os.environ, "MOTO_IAM_LOAD_MANAGED_POLICIES": "true", "PYTHONUNBUFFERED": "1"}
        with open(self.log_file, "ab") as log:
            self._process = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,
            )
        self.pid = self._process.pid
        try:
            self.port = self._wait_for_port(port_file)
            self.wait_ready()
        except BaseException:
            self.stop()
            raise
        finally:
            port_file.unlink(missing_ok=True)
        if self.state_file is not None:
            tmp = self.state_file.with_suffix(".tmp")
            tmp.write_text(json.dumps(self.to_state(), indent=2))
            tmp.replace(self.state_file)
        return self

    def _wait_for_port(self, port_file: Path) -> int:
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if port_file.exists():
                return int(port_file.read_text().strip())
            if self._process is not None and self._process.poll() is not None:
                raise EmulatorError(
                    f"emulator exited with code {self._process.returncode} while starting:\n{self.log_tail()}"
                )
            time.sleep(0.05)
        raise EmulatorError(f"emulator did not bind a port within {self.startup_timeout:.0f}s")

    def wait_ready(self, timeout: float | None = None) -> None:
        """Wait until ``GET /moto-api/`` answers 200."""
        deadline = time.monotonic() + (timeout or self.startup_timeout)
        while time.monotonic() < deadline:
            if self.ready():
                return
            if not self.is_alive():
                raise EmulatorError(f"emulator process {self.pid} died:\n{self.log_tail()}")
            time.sleep(0.1)
        raise EmulatorError(
            f"emulator at {self.endpoint_url} not ready within {timeout or self.startup_timeout}s"
        )

    def ready(self) -> bool:
        try:
            with urllib.request.urlopen(self.endpoint_url + READY_PATH, timeout=5) as response:
                return bool(response.status == 200)
        except (urllib.error.URLError, OSError):
            return False

    def reset(self) -> None:
        """Forget every resource (``POST /moto-api/reset``)."""
        request = urllib.request.Request(self.endpoint_url + RESET_PATH, data=b"", method="POST")
        with urllib.request.urlopen(request, timeout=60) as response:
            if response.status != 200:
                raise EmulatorError(f"reset answered HTTP {response.status}")

    def snapshot(self, name: str) -> None:
        """Remember the emulator's whole state as ``name`` (:mod:`coattail.emulator.snapshots`)."""
        self._post(f"{SNAPSHOTS_PATH}/{urllib.parse.quote(name)}")

    def restore(self, name: str) -> None:
        """Make the emulator hold exactly what it held when ``name`` was taken."""
        self._post(f"{SNAPSHOTS_PATH}/{urllib.parse.quote(name)}/restore")

    def _post(self, path: str) -> None:
        request = urllib.request.Request(self.endpoint_url + path, data=b"", method="POST")
        try:
            with urllib.request.urlopen(request, timeout=120):
                return
        except urllib.error.HTTPError as e:
            detail = e.read().decode(errors="replace")
            raise EmulatorError(f"POST {path} answered HTTP {e.code}: {detail}") from e

    def is_alive(self) -> bool:
        if self.pid is None:
            return False
        if self._process is not None:
            return self._process.poll() is None
        return pid_is_emulator(self.pid)

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM, wait up to ``timeout``, then SIGKILL (moto may ignore SIGTERM under load)."""
        if self.pid is None:
            return
        if self.is_alive():
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGTERM)
            if not self._wait_gone(timeout):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self.pid, signal.SIGKILL)
                if not self._wait_gone(timeout):
                    raise EmulatorError(f"emulator process {self.pid} survived SIGKILL")
        if self._process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._process.wait(timeout=1)
        self.pid = None
        self._process = None
        if self.state_file is not None:
            self.state_file.unlink(missing_ok=True)

    def _wait_gone(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process is not None:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self._process.wait(timeout=0.1)
            if not self.is_alive():
                return True
            time.sleep(0.05)
        return not self.is_alive()

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def __enter__(self) -> EmulatorServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def pid_is_emulator(pid: int) -> bool:
    """True when ``pid`` is a live ``python -m coattail.emulator`` process (guards against pid reuse)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    zombie = stat.rsplit(")", 1)[-1].split()[0] == "Z"
    return not zombie and b"coattail.emulator" in cmdline and b"-m" in cmdline
