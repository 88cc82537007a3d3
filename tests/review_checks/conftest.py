"""Builders of hand-made inventories for the check tests (one resource, a few attributes)."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from pathlib import Path
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
    attrs.setdefault("source", SourceKind.LIVE)
    return cls(name=name, region=REGION, account=ACCOUNT, **attrs)


def inventory(*resources: Resource, **extra: Any) -> Inventory:
    return Inventory.from_resources(list(resources), **extra)


def verdicts(findings: list[Finding]) -> dict[str, set[str]]:
    """{status: {resource names}} — the exact set of passing and failing resources."""
    out: dict[str, set[str]] = {}
    for f in findings:
        name = (
            f.resource_id.rsplit(":", 1)[-1].rsplit("/", 1)[-1]
            if f.resource_id.startswith("arn:")
            else f.resource_id
        )
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


# -- table-driven check cases -----------------------------------------------------------------
# tests/review_checks/cases_*.py define ``cases(b) -> dict[check_id, list[Row]]``; every check
# needs a row where the property holds (no FAIL) and one where it is broken (a FAIL), each
# asserting the exact set of passing and failing resources.


@dataclass
class Row:
    inventory: Inventory
    expected: dict[str, set[str]]
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return "broken" if Status.FAIL.value in self.expected else "holds"


Builders.Row = Row  # type: ignore[attr-defined]


def load_cases() -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = {}
    for path in sorted(Path(__file__).parent.glob("cases_*.py")):
        spec = importlib.util.spec_from_file_location(f"review_check_cases_{path.stem}", path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for check_id, rows in module.cases(Builders).items():
            assert check_id not in out, f"{check_id} has cases in two files"
            out[check_id] = rows
    return out


_CASES = load_cases()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "check_case" in metafunc.fixturenames:
        params, ids = [], []
        for check_id, rows in sorted(_CASES.items()):
            for n, row in enumerate(rows):
                params.append((check_id, row))
                ids.append(f"{check_id}-{row.kind}-{n}")
        metafunc.parametrize("check_case", params, ids=ids)


@pytest.fixture(scope="session")
def all_cases() -> dict[str, list[Row]]:
    return _CASES
