"""Layers point one way: core at the bottom, the review engine and the platform runtime beside each
other, the CLI on top. Read from the installed modules' import statements (function-local ones too)."""

from __future__ import annotations

import pytest

from tests.packaging.conftest import Module

PLATFORM_RUNTIME = {
    "coattail.jobs",
    "coattail.api",
    "coattail.producer",
    "coattail.simulator",
    "coattail.dashboard",
    "coattail.emulator",
    "coattail.autostop",
}
PLATFORM = PLATFORM_RUNTIME | {"coattail.cli", "coattail.infra"}


def _own_edges(modules: dict[str, Module]) -> dict[str, set[str]]:
    """Module -> the project modules it imports (a name imported from a package maps to the package)."""
    edges: dict[str, set[str]] = {}
    for name, module in modules.items():
        targets = set()
        for imported in module.imports:
            while imported and imported not in modules:
                imported = imported.rpartition(".")[0]
            if imported and imported != name and imported.startswith("coattail."):
                targets.add(imported)
        edges[name] = targets
    return edges


def find_cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    for start in edges:
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    cycles.append(sorted(component))
    return cycles


def test_cycle_finder_finds_a_cycle_through_function_local_imports() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycles(edges) == [["a", "b", "c"]]
    assert find_cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles(modules: dict[str, Module]) -> None:
    assert find_cycles(_own_edges(modules)) == []


def _crossings(modules: dict[str, Module], source: set[str], forbidden: set[str]) -> list[str]:
    edges = _own_edges(modules)
    return sorted(
        f"{name} -> {target}"
        for name, targets in edges.items()
        if modules[name].layer in source
        for target in targets
        if ".".join(target.split(".")[:2]) in forbidden
    )


def test_review_engine_imports_nothing_from_the_platform(modules: dict[str, Module]) -> None:
    assert _crossings(modules, {"coattail.review"}, PLATFORM) == []


def test_platform_runtime_never_imports_the_cli(modules: dict[str, Module]) -> None:
    assert _crossings(modules, PLATFORM_RUNTIME, {"coattail.cli"}) == []


def test_core_is_the_bottom_layer(modules: dict[str, Module]) -> None:
    layers = {m.layer for m in modules.values()} - {"coattail.core"}
    assert _crossings(modules, {"coattail.core"}, layers) == []


@pytest.mark.parametrize("layer", sorted(PLATFORM_RUNTIME | {"coattail.review", "coattail.core"}))
def test_each_layer_is_installed(modules: dict[str, Module], layer: str) -> None:
    assert any(m.layer == layer for m in modules.values())
