"""Fixtures of the local-deployment tests.

Divergence tests use their own emulator process so that the resources they create never show up
in the shared session deployment other areas scan.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest


@pytest.fixture(scope="module")
def private_emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from coattail.emulator.server import EmulatorServer

    server = EmulatorServer(port=0, log_dir=tmp_path_factory.mktemp("private-emulator"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def client(private_emulator: Any) -> Callable[[str], Any]:
    session = boto3.session.Session(region_name="us-east-1")

    def make(service: str) -> Any:
        return session.client(service, endpoint_url=private_emulator.endpoint_url)  # type: ignore[call-overload]

    return make


@pytest.fixture()
def unique(request: pytest.FixtureRequest) -> str:
    """A short name unique to the test."""
    return "t" + str(abs(hash(request.node.nodeid)) % 10**8)
