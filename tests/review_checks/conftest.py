"""Builders of hand-made inventories for the check tests (one resource, a few attributes)."""

from __future__ import annotations

from typing import Any

import pytest

from review.checks._registry import Check, load_checks
from review.inventory import Inventory, Resource
from review.model import Finding, SourceKind, Status

ACCOUNT = "123456789012"
REGION = "us-east-1"


def make(cls: type[Resource], name: str, **attrs: Any) -> Any:
    """A live resource of ``cls`` named ``name`` with an ARN-like id."""
    attrs.setdefault("id", f"arn:aws:{cls.service}:{REGION}:{ACCOUNT}:{name}")
    return cls(name=name, source=SourceKind.LIVE, region=REGION, account=ACCOUNT, **attrs)


def inventory(*resources: Resource, **extra: Any) -> Inventory:
    return Inventory.from_resources(list(resources), **extra)


def verdicts(findings: list[Finding]) -> dict[str, set[str]]:
    """{status: {resource names}} — the exact set of passing and failing resources."""
    out: dict[str, set[str]] = {}
    for f in findings:
        name = f.message.split(":", 1)[0] if f.resource_type != "file" else f.resource_id
        out.setdefault(f.status.value, set()).add(name)
    return out


@pytest.fixture(scope="session")
def checks() -> dict[str, Check]:
    return {c.id: c for c in load_checks()}


@pytest.fixture()
def run(checks: dict[str, Check]) -> Any:
    """run(check_id, inventory, **params) -> {status: {names}}."""

    def _run(check_id: str, inv: Inventory, **params: Any) -> dict[str, set[str]]:
        return verdicts(checks[check_id].run(inv, params or None))

    return _run


class Builders:
    """Test helpers handed out by the ``b`` fixture (conftest modules are not importable)."""

    make = staticmethod(make)
    inventory = staticmethod(inventory)
    verdicts = staticmethod(verdicts)
    PASS = Status.PASS.value
    FAIL = Status.FAIL.value
    UNKNOWN = Status.UNKNOWN.value
    NA = Status.NOT_APPLICABLE.value


@pytest.fixture(scope="session")
def b() -> type[Builders]:
    return Builders
