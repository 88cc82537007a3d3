"""Session-wide fixtures shared by every test module.

One emulator (moto server process) and one Terraform deployment of the whole platform per test
session; one SparkSession per test session. A test that breaks a deployed resource restores it
(see ``restore`` helpers in the modules that do so).

Developer speed-up: with ``CTC_TEST_STACK=<workdir>`` the session attaches to a stack already
started by ``ctc local up --workdir <workdir>`` (no start, no apply, nothing stopped at the end).
CI never sets it: every CI session deploys its own.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

CLOCK_SHIFT_ENV = "CTC_TEST_CLOCK_SHIFT_DAYS"
_traveller: Any = None


def pytest_configure(config: pytest.Config) -> None:
    """With CTC_TEST_CLOCK_SHIFT_DAYS=N the session's clock runs N days ahead (time-machine).

    Wall-clock reads in this process (time.time, datetime.now, date.today, ...) are moved, the
    monotonic clock is not (timeouts keep working); subprocesses keep the real clock. scripts/test.sh
    runs the date-sensitive tests this way a year ahead, so a literal date that expires fails now.
    """
    global _traveller
    days = os.environ.get(CLOCK_SHIFT_ENV)
    if not days:
        return
    from datetime import timedelta as _delta

    import time_machine

    _traveller = time_machine.travel(datetime.now(UTC) + _delta(days=int(days)), tick=True)
    _traveller.start()


def pytest_unconfigure(config: pytest.Config) -> None:
    global _traveller
    if _traveller is not None:
        _traveller.stop()
        _traveller = None


def pytest_report_header(config: pytest.Config) -> str | None:
    days = os.environ.get(CLOCK_SHIFT_ENV)
    return f"clock: {days} days ahead, now {datetime.now(UTC):%Y-%m-%d %H:%M} UTC" if days else None


REPO_ROOT = Path(__file__).resolve().parents[1]
REGION = "us-east-1"

# Dummy credentials so nothing in the test session can reach a real account.
os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
os.environ["AWS_DEFAULT_REGION"] = REGION
os.environ.pop("AWS_PROFILE", None)


def _attached_stack() -> Any:
    """The ``ctc local`` stack named by CTC_TEST_STACK, or None (the default: start our own)."""
    workdir = os.environ.get("CTC_TEST_STACK")
    if not workdir:
        return None
    from coattail.cli.local import LocalStack

    return LocalStack(workdir)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


def tested_commit_day() -> date:
    """The day the suite judges time-bound data on (waiver expiry): the tested commit's date.

    scripts/test.sh exports it as CTC_TEST_REVIEW_DAY; outside it, the HEAD commit's date. Never the
    wall clock: the same commit gives the same verdicts on any day (and with the clock moved ahead).
    """
    stamp = os.environ.get("CTC_TEST_REVIEW_DAY")
    if not stamp:
        done = subprocess.run(
            ["git", "log", "-1", "--format=%cI"], cwd=REPO_ROOT, capture_output=True, text=True, check=False
        )
        stamp = done.stdout.strip()
    if not stamp:
        raise RuntimeError("no review day: set CTC_TEST_REVIEW_DAY (ISO time) outside a git checkout")
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone(UTC).date()


@pytest.fixture(scope="session")
def review_day() -> date:
    return tested_commit_day()


@pytest.fixture(scope="session")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The moto server process (with the project's divergence fixes), started once."""
    from coattail.emulator.server import EmulatorServer

    attached = _attached_stack()
    if attached is not None:
        running = attached.emulator()
        if running is None or not running.is_alive():
            raise RuntimeError(f"CTC_TEST_STACK={attached.workdir}: no running emulator there")
        yield running
        return
    server = EmulatorServer(port=0, log_dir=tmp_path_factory.mktemp("emulator"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def endpoint_url(emulator: Any) -> str:
    return str(emulator.endpoint_url)


@pytest.fixture(scope="session")
def aws(endpoint_url: str) -> Callable[[str], Any]:
    """Factory of boto3 clients pointed at the emulator: ``aws("s3")``."""
    import boto3

    session = boto3.session.Session(region_name=REGION)

    def make(service: str) -> Any:
        return session.client(service, endpoint_url=endpoint_url)  # type: ignore[call-overload]

    return make


@pytest.fixture(scope="session")
def deployment(endpoint_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The whole platform applied into the emulator by its own Terraform, once per session.

    Yields a ``coattail.cli.local.Deployment`` (``.outputs`` holds the Terraform outputs as plain values,
    ``.workdir`` the Terraform working folder with its state).
    """
    from coattail.cli.local import Deployment

    attached = _attached_stack()
    if attached is not None:
        dep = attached.deployment(endpoint_url)
        dep.outputs = dict(attached.read_state()["outputs"])
        yield dep
        return
    workdir = tmp_path_factory.mktemp("deploy")
    dep = Deployment(endpoint_url=endpoint_url, workdir=workdir)
    dep.apply()
    dep.recovery_drill()  # as `ctc local up` does: the deployed lakehouse has proved its rollback
    try:
        yield dep
    finally:
        # The emulator process is stopped right after, which discards every resource; a destroy
        # would only cost a minute (destroy itself is tested by `ctc local down` in tests/local).
        if os.environ.get("CTC_DESTROY_DEPLOYMENT") == "1":
            dep.destroy()


@pytest.fixture(scope="session")
def platform_outputs(deployment: Any) -> dict[str, Any]:
    return dict(deployment.outputs)


SPARK_MAX_RESULT_SIZE = "8m"


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """One local SparkSession for the whole test session."""
    from coattail.jobs.session import build_local_session

    # the driver takes at most 8 MB of task results: tests/jobs/test_executor_writes.py runs a
    # micro-batch whose raw_trades alone are larger, so collecting it would fail the batch
    session = build_local_session(app_name="ctc-tests", max_result_size=SPARK_MAX_RESULT_SIZE)
    try:
        yield session
    finally:
        session.stop()


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """Headless Debian Chromium driven by Playwright (one browser per test module).

    Module scope, not session: Playwright's sync API owns an event loop while it runs, which must
    not outlive the module that uses it (other modules run their own asyncio loops).
    """
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (scripts/test.sh does it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))
        try:
            yield browser
        finally:
            browser.close()
