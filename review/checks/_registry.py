"""The check registry: a decorator that only records, and ``load_checks()`` that collects.

A check is one module ``review/checks/<id>.py`` holding one function ``<id>`` decorated with
:func:`check`. The decorator validates the metadata into a frozen :class:`coattail.review.model.CheckMeta`
and attaches it to the function — nothing global is mutated at import time. :func:`load_checks`
imports every public module of the ``coattail.review.checks`` package (found with ``pkgutil``) and
builds a FRESH list of :class:`Check` each call, so adding a check is one new file plus its test.

A check function takes the inventory and, optionally, a :class:`Params` mapping (the check's
declared ``params`` defaults overlaid with the review profile's values) and yields
:class:`coattail.review.model.Finding` — one per resource examined.
"""

from __future__ import annotations

import builtins
import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, TypeVar

from pydantic import ValidationError

from coattail.review.checks._wa_catalog import BEST_PRACTICES, pillar_of
from coattail.review.model import CheckMeta, Finding, Pillar

CHECK_ATTRIBUTE = "__ctc_check__"
PACKAGE = "coattail.review.checks"

F = TypeVar("F", bound=Callable[..., Iterable[Finding]])


class CheckDefinitionError(ValueError):
    """A check's metadata or layout is invalid (raised at load time, naming the check)."""


class Params(Mapping[str, Any]):
    """Read-only parameters of one check run with typed accessors that name what was wrong."""

    def __init__(self, check_id: str, values: Mapping[str, Any]) -> None:
        self._check_id = check_id
        self._values = dict(values)

    def __getitem__(self, key: str) -> Any:
        try:
            return self._values[key]
        except KeyError:
            raise KeyError(f"check {self._check_id}: no parameter {key!r}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def _typed(self, key: builtins.str, kinds: tuple[type, ...], label: builtins.str) -> Any:
        value = self[key]
        if isinstance(value, bool) and bool not in kinds:
            raise TypeError(f"check {self._check_id}: parameter {key!r} must be {label}, got {value!r}")
        if not isinstance(value, kinds):
            raise TypeError(f"check {self._check_id}: parameter {key!r} must be {label}, got {value!r}")
        return value

    def int(self, key: builtins.str) -> builtins.int:
        return int(self._typed(key, (int,), "an integer"))

    def num(self, key: builtins.str) -> float:
        return float(self._typed(key, (int, float), "a number"))

    def str(self, key: builtins.str) -> builtins.str:
        return str(self._typed(key, (str,), "a string"))

    def bool(self, key: builtins.str) -> builtins.bool:
        return bool(self._typed(key, (bool,), "true or false"))

    def strs(self, key: builtins.str) -> tuple[builtins.str, ...]:
        value = self._typed(key, (list, tuple), "a list of strings")
        if not all(isinstance(v, str) for v in value):
            raise TypeError(f"check {self._check_id}: parameter {key!r} must be a list of strings")
        return tuple(value)

    def mapping(self, key: builtins.str) -> dict[builtins.str, Any]:
        return dict(self._typed(key, (dict,), "a mapping"))

    def optional_str(self, key: builtins.str) -> builtins.str | None:
        return None if self[key] is None else self.str(key)


@dataclass(frozen=True)
class CheckSpec:
    """What the decorator records on the function."""

    meta: CheckMeta
    defaults: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Check:
    """A loaded check: metadata, parameter defaults and the function to run."""

    meta: CheckMeta
    function: Callable[..., Iterable[Finding]]
    defaults: Mapping[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def takes_params(self) -> bool:
        return len(inspect.signature(self.function).parameters) >= 2

    def params(self, overrides: Mapping[str, Any] | None = None) -> Params:
        """Defaults overlaid with ``overrides``; an unknown parameter name is an error."""
        overrides = dict(overrides or {})
        unknown = sorted(set(overrides) - set(self.defaults))
        if unknown:
            known = ", ".join(sorted(self.defaults)) or "none"
            raise ValueError(f"check {self.id}: unknown parameter(s) {', '.join(unknown)} (known: {known})")
        return Params(self.id, {**self.defaults, **overrides})

    def run(self, inventory: Any, params: Mapping[str, Any] | None = None) -> list[Finding]:
        """Run over an :class:`coattail.review.inventory.Inventory`; ``params`` from the review profile."""
        if self.takes_params:
            return list(self.function(inventory, self.params(params)))
        if params:
            raise ValueError(f"check {self.id} takes no parameters, got {', '.join(sorted(params))}")
        return list(self.function(inventory))


def check(
    *,
    id: str,
    title: str,
    pillar: Pillar | str,
    bp_id: str,
    severity: str,
    service: str,
    resource_type: str,
    rationale: str,
    remediation: str,
    remediation_terraform: str | None = None,
    reference_url: str | None = None,
    params: Mapping[str, Any] | None = None,
    kind: str = "best practice",
    verified_on: str | None = None,
) -> Callable[[F], F]:
    """Record a check's metadata on its function (validated now, so a bad check fails to import)."""
    try:
        meta = CheckMeta(
            id=id,
            title=title,
            pillar=Pillar(pillar),
            bp_id=bp_id,
            severity=severity,  # type: ignore[arg-type]
            service=service,
            resource_type=resource_type,
            rationale=rationale,
            remediation=remediation,
            remediation_terraform=remediation_terraform,
            reference_url=reference_url or (_bp_url(bp_id) if bp_id in BEST_PRACTICES else None),
            kind=kind,  # type: ignore[arg-type]
            verified_on=verified_on or ("fixtures" if service in ("repository", "terraform") else "emulator"),  # type: ignore[arg-type]
        )
    except (ValidationError, ValueError) as exc:
        raise CheckDefinitionError(f"check {id}: invalid metadata: {exc}") from exc
    if bp_id not in BEST_PRACTICES:
        raise CheckDefinitionError(f"check {id}: {bp_id} is not a known Well-Architected best practice id")
    if pillar_of(bp_id) != meta.pillar:
        raise CheckDefinitionError(
            f"check {id}: {bp_id} belongs to {pillar_of(bp_id).value}, not {meta.pillar}"
        )
    spec = CheckSpec(meta=meta, defaults=dict(params or {}))

    def record(function: F) -> F:
        if function.__name__ != id:
            raise CheckDefinitionError(
                f"check {id}: function is named {function.__name__}, must equal the id"
            )
        setattr(function, CHECK_ATTRIBUTE, spec)
        return function

    return record


_PILLAR_GUIDES: dict[Pillar, str] = {
    Pillar.OPERATIONAL_EXCELLENCE: "operational-excellence-pillar",
    Pillar.SECURITY: "security-pillar",
    Pillar.RELIABILITY: "reliability-pillar",
    Pillar.PERFORMANCE_EFFICIENCY: "performance-efficiency-pillar",
    Pillar.COST_OPTIMIZATION: "cost-optimization-pillar",
    Pillar.SUSTAINABILITY: "sustainability-pillar",
}


def _bp_url(bp_id: str) -> str:
    """The pillar's guide (best-practice pages are named by topic, not by id, so link the guide)."""
    return (
        f"https://docs.aws.amazon.com/wellarchitected/latest/{_PILLAR_GUIDES[pillar_of(bp_id)]}/welcome.html"
    )


def check_modules(package: str = PACKAGE) -> list[str]:
    """Names of the check modules: every module of the package not starting with ``_``."""
    pkg = importlib.import_module(package)
    return sorted(
        info.name
        for info in pkgutil.iter_modules(pkg.__path__)
        if not info.name.startswith("_") and not info.ispkg
    )


def _checks_in(module: ModuleType, name: str) -> Check:
    found = [
        obj
        for obj in vars(module).values()
        if callable(obj)
        and getattr(obj, "__module__", None) == module.__name__
        and hasattr(obj, CHECK_ATTRIBUTE)
    ]
    if len(found) != 1:
        raise CheckDefinitionError(
            f"module {module.__name__} must define exactly one @check, found {len(found)}"
        )
    function = found[0]
    spec: CheckSpec = getattr(function, CHECK_ATTRIBUTE)
    if spec.meta.id != name:
        raise CheckDefinitionError(
            f"module {module.__name__} defines check {spec.meta.id}: id must equal {name}"
        )
    return Check(meta=spec.meta, function=function, defaults=spec.defaults)


def load_checks(package: str = PACKAGE) -> list[Check]:
    """Import every check module of ``package`` and return a fresh list of checks, sorted by id."""
    checks = [
        _checks_in(importlib.import_module(f"{package}.{name}"), name) for name in check_modules(package)
    ]
    return sorted(checks, key=lambda c: c.id)


def checks_by_id(checks: Iterable[Check]) -> dict[str, Check]:
    return {c.id: c for c in checks}
