"""Every third-party module a package imports is declared in the dependency set that package installs
with: the base install (the review tool), the ``platform`` extra (the runtime) or the ``emulator`` extra."""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from importlib.metadata import distribution, packages_distributions

import pytest
from packaging.requirements import Requirement

from tests.packaging.conftest import Module

DISTRIBUTION = "coat-tail-capital"
# which dependency sets a layer may rely on (the base install is always there)
LAYER_SETS = {
    "coattail.core": {"base"},
    "coattail.review": {"base"},
    "coattail.cli": {"base"},
    "coattail.infra": {"base"},
    "coattail.jobs": {"base", "platform"},
    "coattail.api": {"base", "platform"},
    "coattail.producer": {"base", "platform"},
    "coattail.simulator": {"base", "platform"},
    "coattail.dashboard": {"base", "platform"},
    "coattail.autostop": {"base"},
    "coattail.emulator": {"base", "emulator"},
}


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared_sets() -> dict[str, set[str]]:
    """Dependency set ('base' or an extra) -> normalised distribution names, from the installed metadata."""
    sets: dict[str, set[str]] = {"base": set()}
    for line in distribution(DISTRIBUTION).requires or []:
        req = Requirement(line)
        extra = None
        if req.marker is not None:
            found = re.search(r'extra == "([^"]+)"', str(req.marker))
            extra = found.group(1) if found else None
        sets.setdefault(extra or "base", set()).add(normalise(req.name))
    return sets


def third_party(modules: dict[str, Module]) -> dict[str, set[str]]:
    """Layer -> top-level third-party modules its modules import."""
    stdlib = set(sys.stdlib_module_names) | {"__future__"}
    found: dict[str, set[str]] = {}
    for module in modules.values():
        tops = {name.split(".")[0] for name in module.imports if name}
        found.setdefault(module.layer, set()).update(tops - stdlib - {"coattail"})
    return found


def undeclared(
    imports: dict[str, set[str]], sets: dict[str, set[str]], providers: Mapping[str, list[str]]
) -> list[str]:
    problems = []
    for layer, tops in sorted(imports.items()):
        allowed = set().union(*(sets.get(name, set()) for name in LAYER_SETS[layer]))
        for top in sorted(tops):
            dists = {normalise(d) for d in providers.get(top, [])}
            if not dists:
                problems.append(f"{layer} imports {top}: no installed distribution provides it")
            elif not dists & allowed:
                problems.append(f"{layer} imports {top} ({', '.join(sorted(dists))}), not declared for it")
    return problems


def test_the_sets_are_the_documented_ones() -> None:
    sets = declared_sets()
    assert {"base", "platform", "emulator", "dev"} <= set(sets)
    assert {"boto3", "click", "jinja2", "rich", "pydantic", "pyyaml", "bc-python-hcl2"} <= sets["base"]
    assert not {"pyspark", "moto", "pyiceberg", "websockets"} & sets["base"]
    assert {"pyspark", "pyiceberg", "websockets", "pyarrow"} <= sets["platform"]
    assert {"moto"} <= sets["emulator"]


def test_every_layer_declares_what_it_imports(modules: dict[str, Module]) -> None:
    imports = third_party(modules)
    assert set(imports) <= set(LAYER_SETS), (
        f"a layer without a dependency set: {set(imports) - set(LAYER_SETS)}"
    )
    assert undeclared(imports, declared_sets(), packages_distributions()) == []


@pytest.mark.parametrize(
    ("layer", "top", "dist", "expected"),
    [
        ("coattail.review", "pyspark", "pyspark", "not declared"),  # the review tool must not need Spark
        ("coattail.emulator", "moto", "moto", None),
        ("coattail.jobs", "nowhere", None, "no installed distribution"),
    ],
)
def test_the_rule_flags_an_undeclared_import(
    layer: str, top: str, dist: str | None, expected: str | None
) -> None:
    sets = {"base": {"boto3"}, "platform": {"pyspark"}, "emulator": {"moto"}}
    providers = {top: [dist]} if dist else {}
    problems = undeclared({layer: {top}}, sets, providers)
    assert (expected in problems[0]) if expected else problems == []
