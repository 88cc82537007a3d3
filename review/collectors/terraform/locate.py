"""Where a Terraform resource is declared: module directories and ``resource "type" "name"`` lines."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from coattail.review.model import Location

_MODULE = re.compile(r'^module\s+"([^"]+)"\s*\{', re.MULTILINE)
_SOURCE = re.compile(r'^[ \t]*source\s*=\s*"([^"]+)"', re.MULTILINE)


class Locator:
    """Finds declarations under ``root`` (the Terraform root module) and reports paths under ``prefix``."""

    def __init__(
        self, root: Path | None, prefix: str | None = None, module_sources: dict[str, str] | None = None
    ):
        self.root = root.resolve() if root else None
        self.prefix = prefix
        self._sources = dict(module_sources or {})

    def module_dir(self, module: str) -> Path | None:
        if self.root is None:
            return None
        module = re.sub(r"\[[^\]]*\]", "", module)
        if not module:
            return self.root
        if module in self._sources:
            return (self.root / self._sources[module]).resolve()
        parent, _, name = module.rpartition(".module.") if ".module." in module else ("", "", module)
        name = name.removeprefix("module.")
        parent_dir = self.module_dir(parent)
        if parent_dir is None:
            return None
        source = _module_calls(parent_dir).get(name)
        if source is None or not source.startswith("."):
            return None
        path = (parent_dir / source).resolve()
        self._sources[module] = (
            str(path.relative_to(self.root)) if path.is_relative_to(self.root) else str(path)
        )
        return path

    def locate(self, module: str, rtype: str, name: str) -> Location | None:
        directory = self.module_dir(module)
        if directory is None or not directory.is_dir():
            return None
        pattern = re.compile(
            rf'^[ \t]*resource\s+"{re.escape(rtype)}"\s+"{re.escape(name)}"\s*\{{', re.MULTILINE
        )
        for tf in sorted(directory.glob("*.tf")):
            text = _read(tf)
            m = pattern.search(text)
            if m:
                start = text.count("\n", 0, m.start()) + 1
                return Location(
                    path=self.display(tf), start_line=start, end_line=_block_end(text, m.end(), start)
                )
        return None

    def display(self, path: Path) -> str:
        assert self.root is not None
        rel = path.resolve().relative_to(self.root) if path.resolve().is_relative_to(self.root) else path
        return f"{self.prefix.rstrip('/')}/{rel}" if self.prefix else str(rel)


@cache
def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def _module_calls(directory: Path) -> dict[str, str]:
    calls: dict[str, str] = {}
    for tf in sorted(directory.glob("*.tf")):
        text = _read(tf)
        for m in _MODULE.finditer(text):
            src = _SOURCE.search(text, m.end(), _block_end_offset(text, m.end()))
            if src:
                calls[m.group(1)] = src.group(1)
    return calls


def _block_end_offset(text: str, open_brace_end: int) -> int:
    depth = 1
    for i in range(open_brace_end, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return i
    return len(text)


def _block_end(text: str, open_brace_end: int, start_line: int) -> int:
    end = _block_end_offset(text, open_brace_end)
    return start_line + text.count("\n", open_brace_end, end)
