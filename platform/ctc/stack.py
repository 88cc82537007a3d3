"""The local stack with data: simulator → producer → Kinesis → streaming job → DynamoDB → API.

Given an emulator into which the platform is deployed, :class:`DataStack` starts the exchange
simulator, the producer and the streaming job as subprocesses (each in its own process group,
logging to ``<workdir>/<name>.log``) and the API + dashboard in-process, so a user can open the
dashboard and watch alerts arrive. :meth:`DataStack.control` drives the simulator's control API
(inject a whale, a divergence, ...). :meth:`DataStack.stop` stops everything it started, in
reverse order: SIGTERM to each component's process (the streaming job then stops its queries and
its JVM itself), then to what is left of its process group, SIGKILL after a grace period.

The streaming job is started only when ``ctc jobs`` offers one of :data:`JOB_COMMANDS`; without
it the stack still runs simulator, producer and API, and says so.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

JOB_COMMANDS = ("run", "stream", "streaming")
CTC = [sys.executable, "-c", "import sys; from coattail.cli.cli import cli; sys.exit(cli())"]


class StackError(RuntimeError):
    """A component of the local stack did not start."""


@dataclass
class Component:
    """One subprocess of the stack."""

    name: str
    argv: list[str]
    log_path: Path
    grace: float = 15.0  # seconds between SIGTERM and SIGKILL
    process: subprocess.Popen[bytes] | None = None
    _log: IO[bytes] | None = field(default=None, repr=False)

    def start(self, env: dict[str, str]) -> None:
        self._log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            self.argv, stdout=subprocess.PIPE, stderr=self._log, env=env, start_new_session=True
        )
        pump = threading.Thread(target=self._pump, name=f"stack-{self.name}", daemon=True)
        pump.start()

    def _pump(self) -> None:
        """Copy stdout to the log; the first line is kept (components print their URL there)."""
        assert self.process is not None and self.process.stdout is not None and self._log is not None
        for line in self.process.stdout:
            if not hasattr(self, "first_line"):
                self.first_line = line.decode(errors="replace").strip()
            with contextlib.suppress(ValueError):
                self._log.write(line)
                self._log.flush()

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, grace: float | None = None) -> int | None:
        """SIGTERM to the component's own process first, so it shuts down its children itself
        (the streaming job stops its queries, then its JVM); whatever is left of its process group
        gets SIGTERM, then SIGKILL. A process still running after ``grace`` seconds is killed."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=self.grace if grace is None else grace)
            except subprocess.TimeoutExpired:
                _signal_group(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        for sig in (signal.SIGTERM, signal.SIGKILL):
            if not _group_alive(self.process.pid, wait=5.0 if sig == signal.SIGKILL else 0.0):
                break
            _signal_group(self.process.pid, sig)
        if self._log is not None:
            self._log.close()
        return self.process.returncode

    def group_alive(self) -> bool:
        """Whether any process of the component's process group is still running."""
        return self.process is not None and _group_alive(self.process.pid)


def _signal_group(pgid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


def _group_alive(pgid: int, wait: float = 0.0) -> bool:
    """True while a member of process group ``pgid`` exists (checked until ``wait`` s pass)."""
    deadline = time.monotonic() + wait
    while True:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        if time.monotonic() >= deadline:
            return True
        time.sleep(0.2)


def available_job_command() -> str | None:
    """The ``ctc jobs`` sub-command that runs the streaming job locally, if there is one."""
    from coattail.cli.commands import jobs

    commands = getattr(jobs.group, "commands", {})
    return next((name for name in JOB_COMMANDS if name in commands), None)


@dataclass
class DataStack:
    endpoint_url: str
    region: str = "us-east-1"
    project: str = "ctc"
    environment: str = "dev"
    api_port: int = 8080
    workdir: str | Path | None = None
    simulator_rate: float = 20.0
    with_job: bool = True
    trigger_seconds: float | None = None  # None: the shipped config's (pipeline.yaml)
    components: list[Component] = field(default_factory=list)
    api_server: Any = None
    simulator: dict[str, str] = field(default_factory=dict)  # its URLs (url, control_url, ...)

    def __post_init__(self) -> None:
        self.workdir = Path(self.workdir or tempfile.mkdtemp(prefix="ctc-stack-"))
        self.workdir.mkdir(parents=True, exist_ok=True)

    @property
    def folder(self) -> Path:
        return Path(str(self.workdir))

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.setdefault("AWS_ACCESS_KEY_ID", "testing")
        env.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
        env.update(
            {
                "AWS_DEFAULT_REGION": self.region,
                "AWS_REGION": self.region,
                "CTC_ENDPOINT_URL": self.endpoint_url,
                "CTC_PROJECT": self.project,
                "CTC_ENVIRONMENT": self.environment,
            }
        )
        return env

    def start(self, echo: Callable[[str], None] = lambda _: None) -> DataStack:
        try:
            simulator = self._spawn(
                "simulator", ["simulator", "run", "--port", "0", "--rate", str(self.simulator_rate)]
            )
            self.simulator = json.loads(self._first_line(simulator, timeout=60))
            sim_url = self.simulator["url"]
            echo(f"simulator  {sim_url} (log {simulator.log_path})")
            aws = ["--endpoint-url", self.endpoint_url, "--region", self.region]
            producer = self._spawn("producer", ["producer", "run", *aws, "--simulator", sim_url])
            echo(f"producer   {_pid(producer)} (log {producer.log_path})")
            job_command = available_job_command() if self.with_job else None
            if job_command:
                job = self._spawn(
                    "streaming-job",
                    [
                        "jobs",
                        job_command,
                        *aws,
                        "--state-dir",
                        str(self.folder / "jobs"),
                        *(
                            ["--trigger-seconds", str(self.trigger_seconds)]
                            if self.trigger_seconds is not None
                            else []
                        ),
                    ],
                    grace=60.0,  # stopping the queries waits for the running micro-batch
                )
                echo(f"streaming  `ctc jobs {job_command}` {_pid(job)} (log {job.log_path})")
            elif self.with_job:
                echo("streaming  not started: `ctc jobs` has no local streaming command")
            else:
                echo("streaming  not started (--no-job)")
            self._start_api()
            echo(f"dashboard  {self.api_server.url}/")
            time.sleep(1.0)
            dead = [c.name for c in self.components if not c.alive()]
            if dead:
                raise StackError(f"{', '.join(dead)} exited at start; see logs in {self.folder}")
        except BaseException:
            self.stop()
            raise
        return self

    def _start_api(self) -> None:
        from coattail.api.local_app import local_app
        from coattail.api.local_server import LocalApiServer
        from coattail.core.aws import AwsTarget
        from coattail.dashboard import asset_files, config_js

        target = AwsTarget(region=self.region, endpoint_url=self.endpoint_url)
        app = local_app(target, self.project, self.environment)
        self.api_server = LocalApiServer(
            app, port=self.api_port, static_files=asset_files(), config_js=config_js()
        ).start()

    def _spawn(self, name: str, args: Sequence[str], grace: float = 15.0) -> Component:
        component = Component(name, [*CTC, *args], self.folder / f"{name}.log", grace=grace)
        component.start(self.env())
        self.components.append(component)
        return component

    def _first_line(self, component: Component, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = getattr(component, "first_line", None)
            if line:
                return str(line)
            if not component.alive():
                raise StackError(f"{component.name} exited; see {component.log_path}")
            time.sleep(0.1)
        raise StackError(f"{component.name} printed nothing in {timeout:.0f} s; see {component.log_path}")

    def control(self, action: str, **params: str | float | int) -> dict[str, Any]:
        """Call the simulator's control API (``/control/<action>?…``), e.g. ``control("whale", usd=2e6)``."""
        if not self.simulator:
            raise StackError("the simulator is not running")
        query = urllib.parse.urlencode({k: str(v) for k, v in params.items()})
        url = f"{self.simulator['control_url']}/{action}" + (f"?{query}" if query else "")
        with urllib.request.urlopen(url, timeout=30) as response:
            answer: dict[str, Any] = json.loads(response.read())
        return answer

    def status(self) -> dict[str, bool]:
        out = {c.name: c.alive() for c in self.components}
        if self.api_server is not None:
            out["api"] = True
        return out

    def stop(self) -> dict[str, int | None]:
        """Stop everything started, newest first; returns each subprocess's exit code."""
        codes: dict[str, int | None] = {}
        if self.api_server is not None:
            self.api_server.stop()
            self.api_server = None
        for component in reversed(self.components):
            codes[component.name] = component.stop()
        self.components.clear()
        return codes

    def run_until_interrupted(self, echo: Callable[[str], None] = print) -> None:
        def interrupt(signum: int, frame: Any) -> None:
            raise KeyboardInterrupt

        previous = signal.signal(signal.SIGTERM, interrupt)
        self.start(echo)
        echo("stack running; Ctrl-C stops everything it started")
        try:
            while True:
                time.sleep(2)
                dead = [c.name for c in self.components if not c.alive()]
                if dead:
                    echo(f"stopping: {', '.join(dead)} exited (see logs in {self.folder})")
                    break
        except KeyboardInterrupt:
            pass
        finally:
            codes = self.stop()
            signal.signal(signal.SIGTERM, previous)
            echo("stopped: " + ", ".join(f"{k}={v}" for k, v in codes.items()))


def _pid(component: Component) -> str:
    return f"pid {component.process.pid}" if component.process else "not started"
