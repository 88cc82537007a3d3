"""What a script's Python entry point does to AWS, read from the code's structure (its AST).

``exec "$python" -m coattail.cli.ops stop "$@"`` -> the module's file (through the repository's
setuptools ``package_dir`` mapping, read from ``setup.py``'s AST) -> the click command ``stop`` ->
the functions it calls, followed through the repository's own modules -> the operations called on
boto3 clients made with ``.client("<service>")``: ``ecs:stop_task``, ``emr-serverless:cancel_job_run``.
Static and conservative: a call the walk cannot resolve is not counted, so an operation is only
reported when the code really calls it.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

ENTRY = re.compile(r"(?:^|\s)-m\s+([A-Za-z_][\w.]*)(?:\s+([A-Za-z][\w-]*))?")
MAX_DEPTH = 4


def package_dirs(root: Path) -> dict[str, str]:
    """Dotted package -> folder, from the string-to-string dict literals of ``setup.py``."""
    setup = root / "setup.py"
    if not setup.is_file():
        return {}
    try:
        tree = ast.parse(setup.read_text(encoding="utf-8"))
    except SyntaxError:
        return {}
    out: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            for k, v in zip(node.keys, node.values, strict=True):
                key, value = getattr(k, "value", None), getattr(v, "value", None)
                if isinstance(k, ast.Constant) and isinstance(key, str) and isinstance(value, str):
                    out[key] = value
    return out


def module_file(root: Path, module: str, dirs: dict[str, str]) -> Path | None:
    prefix = max((p for p in dirs if module == p or module.startswith(p + ".")), key=len, default=None)
    if prefix is None:
        base = Path(*module.split("."))
    elif prefix == module:
        base = Path(dirs[prefix])
    else:
        base = Path(dirs[prefix], *module[len(prefix) + 1 :].split("."))
    for candidate in (root / f"{base}.py", root / base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


@dataclass
class _Module:
    path: Path
    tree: ast.Module
    functions: dict[str, ast.FunctionDef] = field(default_factory=dict)
    imports: dict[str, tuple[str, str]] = field(default_factory=dict)  # local name -> (module, name)


class CallWalker:
    """Follows calls from one function through the repository's modules, collecting AWS operations."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.dirs = package_dirs(root)
        self.modules: dict[str, _Module | None] = {}

    def load(self, module: str) -> _Module | None:
        if module not in self.modules:
            path = module_file(self.root, module, self.dirs)
            parsed: _Module | None = None
            if path is not None:
                try:
                    tree = ast.parse(path.read_text(encoding="utf-8"))
                except SyntaxError:
                    tree = None
                if tree is not None:
                    parsed = _Module(path, tree)
                    for node in tree.body:
                        if isinstance(node, ast.FunctionDef):
                            parsed.functions[node.name] = node
                        elif isinstance(node, ast.ImportFrom) and node.module:
                            for alias in node.names:
                                parsed.imports[alias.asname or alias.name] = (node.module, alias.name)
            self.modules[module] = parsed
        return self.modules[module]

    def command(self, module: str, name: str | None) -> tuple[str, ast.FunctionDef] | None:
        """The click command ``name`` of ``module`` (``@x.command("name")`` or the function's name)."""
        parsed = self.load(module)
        if parsed is None or name is None:
            return None
        for fn in parsed.functions.values():
            for deco in fn.decorator_list:
                if (
                    isinstance(deco, ast.Call)
                    and isinstance(deco.func, ast.Attribute)
                    and deco.func.attr == "command"
                ):
                    named = (
                        deco.args[0].value if deco.args and isinstance(deco.args[0], ast.Constant) else None
                    )
                    if named == name or (named is None and fn.name.replace("_", "-") == name):
                        return module, fn
        return None

    def operations(self, module: str, fn: ast.FunctionDef, depth: int = MAX_DEPTH) -> set[str]:
        seen: set[tuple[str, str]] = set()
        return self._walk(module, fn, depth, seen)

    def _walk(self, module: str, fn: ast.FunctionDef, depth: int, seen: set[tuple[str, str]]) -> set[str]:
        if (module, fn.name) in seen or depth < 0:
            return set()
        seen.add((module, fn.name))
        clients: dict[str, str] = {}
        for node in ast.walk(fn):
            if (
                isinstance(node, ast.Assign)
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
            ):
                service = _client_service(node.value)
                if service:
                    clients[node.targets[0].id] = service
        found: set[str] = set()
        for node in ast.walk(fn):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Attribute):
                service = _client_service(func.value) or (
                    clients.get(func.value.id) if isinstance(func.value, ast.Name) else None
                )
                if service and func.attr != "client":
                    operation = func.attr
                    if operation == "get_paginator" and node.args and isinstance(node.args[0], ast.Constant):
                        operation = str(node.args[0].value)
                    found.add(f"{service}:{operation}")
            elif isinstance(func, ast.Name):
                found |= self._follow(module, func.id, depth, seen)
        return found

    def _follow(self, module: str, name: str, depth: int, seen: set[tuple[str, str]]) -> set[str]:
        parsed = self.load(module)
        if parsed is None:
            return set()
        if name in parsed.functions:
            return self._walk(module, parsed.functions[name], depth - 1, seen)
        if name in parsed.imports:
            source, original = parsed.imports[name]
            target = self.load(source)
            if target is not None and original in target.functions:
                return self._walk(source, target.functions[original], depth - 1, seen)
        return set()


def _client_service(node: ast.AST) -> str | None:
    """``<anything>.client("svc")`` -> ``svc``."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "client"
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ):
        return node.args[0].value
    return None


def script_operations(root: Path, invocations: tuple[str, ...]) -> tuple[str | None, tuple[str, ...]]:
    """(``module command`` the script runs, the AWS operations that command's code calls)."""
    walker = CallWalker(root)
    for line in invocations:
        match = ENTRY.search(line)
        if not match:
            continue
        module, name = match.group(1), match.group(2)
        found = walker.command(module, name)
        if found is not None:
            return f"{module} {name}", tuple(sorted(walker.operations(*found)))
        return f"{module} {name or ''}".strip(), ()
    return None, ()
