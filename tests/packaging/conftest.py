"""Fixtures of the packaging tests: the wheel built from the tracked files, and the installed modules."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

import coattail


@dataclass(frozen=True)
class Module:
    name: str  # coattail.review.engine
    path: Path
    imports: frozenset[str]  # every absolute module name imported, at module level or in a function

    @property
    def layer(self) -> str:
        """The second-level package: coattail.review, coattail.jobs, ..."""
        return ".".join(self.name.split(".")[:2])


def _imports(tree: ast.AST, name: str, is_package: bool) -> frozenset[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against this module's package
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return frozenset(found)


def installed_modules() -> dict[str, Module]:
    """Every module of the installed ``coattail`` namespace (editable link tree or site-packages)."""
    modules: dict[str, Module] = {}
    for root in map(Path, coattail.__path__):
        for path in sorted(root.rglob("*.py")):
            parts = list(path.relative_to(root.parent).with_suffix("").parts)
            is_package = parts[-1] == "__init__"
            name = ".".join(parts[:-1] if is_package else parts)
            tree = ast.parse(path.read_text(encoding="utf-8"))
            modules[name] = Module(name, path, _imports(tree, name, is_package))
    return modules


@pytest.fixture(scope="session")
def modules() -> dict[str, Module]:
    found = installed_modules()
    assert len(found) > 100, f"only {len(found)} coattail modules found: is the project installed?"
    return found


@pytest.fixture(scope="session")
def wheel(repo_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built (by pip, isolated) from a copy of the tracked files only."""
    source = tmp_path_factory.mktemp("source")
    tracked = (
        subprocess.run(["git", "ls-files", "-z"], cwd=repo_root, capture_output=True, check=True)
        .stdout.decode()
        .split("\0")
    )
    for rel in filter(None, tracked):
        if (repo_root / rel).is_file():
            (source / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(repo_root / rel, source / rel)
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(source)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (built,) = out.glob("coat_tail_capital-*.whl")
    return built


def wheel_names(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        return archive.namelist()
