"""The generic account's harness: a second emulator holding an ordinary account (not the platform).

``seed_*.py`` modules each define ``seed(aws)`` (and may set ``ORDER``): the clean state of their
services, every best practice holding. ``misconfigs_*.py`` modules each define
``misconfigurations(M)`` returning a list of :class:`Misconfig`: one named misconfiguration,
applied alone to a fresh clean account, that the named check must detect on the changed resource.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import boto3

HERE = Path(__file__).resolve().parent
REGION = "us-east-1"
#: Client factory handed to seeds and misconfigurations: ``aws("s3")``, ``aws("ec2", "eu-west-1")``.
Aws = Callable[..., Any]


@dataclass(frozen=True)
class Misconfig:
    """One misconfiguration of the clean account.

    ``resource`` is a substring of the resource id the named check must fail on (and every failing
    finding of that check must name it). ``verified`` says where the detection is shown: ``"emulator"``
    here, or ``"recorded responses"`` when the emulator lacks the operation (then the test lives
    beside the check's cases and this entry is documentation only, skipped here). ``later``: the
    broken account is reviewed this long after it was seeded and changed (the emulator dates every
    key and password "now"; ages such as a key's are judged against the review clock).
    """

    name: str
    check_id: str
    resource: str
    apply: Callable[[Aws], None]
    verified: str = "emulator"
    later: timedelta | None = None


def _modules(prefix: str) -> list[ModuleType]:
    out = []
    for path in sorted(HERE.glob(f"{prefix}_*.py")):
        spec = importlib.util.spec_from_file_location(f"generic_account_{path.stem}", path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        out.append(module)
    return out


#: Seeds in ``ORDER`` (default 50; the core seed, which others build on, is 0), then by name.
SEEDS: list[Callable[[Aws], None]] = [
    m.seed for m in sorted(_modules("seed"), key=lambda m: (getattr(m, "ORDER", 50), m.__name__))
]


def load_misconfigurations() -> dict[str, Misconfig]:
    out: dict[str, Misconfig] = {}
    for module in _modules("misconfigs"):
        for m in module.misconfigurations(Misconfig):
            assert m.name not in out, f"misconfiguration {m.name!r} defined twice"
            out[m.name] = m
    return out


MISCONFIGURATIONS = load_misconfigurations()


def client_factory(endpoint_url: str) -> Aws:
    """Clients are made once per (service, region): seeding a fresh account calls ``aws()`` hundreds of
    times, and making a client costs more CPU than the emulator's answer."""
    session = boto3.session.Session()
    clients: dict[tuple[str, str], Any] = {}

    def aws(service: str, region: str = REGION) -> Any:
        key = (service, region)
        if key not in clients:
            clients[key] = session.client(  # type: ignore[call-overload]
                service,
                region_name=region,
                endpoint_url=endpoint_url,
                aws_access_key_id="test",
                aws_secret_access_key="test",
            )
        return clients[key]

    return aws


#: The emulator snapshot holding the freshly seeded clean account.
CLEAN_SNAPSHOT = "generic-account-clean"


@dataclass
class GenericAccount:
    server: Any  # coattail.emulator.server.EmulatorServer
    aws: Aws
    seeded: bool = False

    @property
    def endpoint_url(self) -> str:
        return str(self.server.endpoint_url)

    def reseed(self) -> GenericAccount:
        """Forget everything, seed the clean account through the API and snapshot it."""
        self.server.reset()
        for seed in SEEDS:
            seed(self.aws)
        self.server.snapshot(CLEAN_SNAPSHOT)
        self.seeded = True
        return self

    def fresh(self) -> GenericAccount:
        """The clean account again: the snapshot of the first seeding, restored (a second instead
        of the seeds' thousands of requests; ``test_clean_account`` shows both read the same)."""
        if not self.seeded:
            return self.reseed()
        self.server.restore(CLEAN_SNAPSHOT)
        return self
