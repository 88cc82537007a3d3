"""Fixtures of the generic account: one emulator per session, reset and seeded per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.generic_account.harness import MISCONFIGURATIONS, GenericAccount, client_factory


@pytest.fixture(scope="session")
def generic_emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GenericAccount]:
    from coattail.emulator.server import EmulatorServer

    server = EmulatorServer(port=0, log_dir=tmp_path_factory.mktemp("generic-account"))
    server.start()
    try:
        yield GenericAccount(server, client_factory(server.endpoint_url))
    finally:
        server.stop()


@pytest.fixture
def clean_account(generic_emulator: GenericAccount) -> GenericAccount:
    return generic_emulator.fresh()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "misconfig_name" in metafunc.fixturenames:
        names = sorted(n for n, m in MISCONFIGURATIONS.items() if m.verified == "emulator")
        metafunc.parametrize("misconfig_name", names)
