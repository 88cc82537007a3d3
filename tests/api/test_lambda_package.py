"""The ``coattail.api`` package runs in the Lambda Python runtime: only stdlib, boto3/botocore and itself."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

LAMBDA_RUNTIME = {"boto3", "botocore", "coattail.api"}
# the local HTTP adapter is never imported by the handler
LOCAL_ONLY = {"local_server.py": {"coattail.dashboard"}, "local_app.py": {"coattail.core"}}


def _package(module: str) -> str:
    """The distribution-level package of a module: ``coattail.<part>`` for the project, else the top."""
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "coattail" else parts[0]


def top_level_imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(_package(alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(_package(node.module))
    return names


def test_api_package_imports_only_what_lambda_has(repo_root):
    allowed = set(sys.stdlib_module_names) | LAMBDA_RUNTIME | {"__future__"}
    package = repo_root / "platform" / "api"
    offenders = {}
    for module in sorted(package.glob("*.py")):
        extra = top_level_imports(module) - allowed - LOCAL_ONLY.get(module.name, set())
        if extra:
            offenders[module.name] = sorted(extra)
    assert offenders == {}


def test_handler_module_does_not_reach_the_local_adapter(repo_root):
    seen, queue = set(), ["handler"]
    while queue:
        name = queue.pop()
        seen.add(name)
        text = (repo_root / "platform" / "api" / f"{name}.py").read_text()
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("coattail.api."):
                child = node.module.split(".")[2]
                if child not in seen:
                    queue.append(child)
    assert not {"local_server", "local_app"} & seen and "app" in seen
