"""The ``.tf`` source of a plan's modules, for what the plan JSON leaves out.

A plan's ``configuration`` lists the references of each expression but neither ``locals`` nor
the keys of a literal map whose values are pending. Both are read here from the module's files
with python-hcl2 (shipped with checkov); a file it cannot parse only means less is filled in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

from coattail.review.collectors.terraform.after_apply import AfterApply
from coattail.review.collectors.terraform.loader import TfResource

#: Map attributes (nested block, attribute) whose keys the checks need even while values are pending.
LITERAL_MAPS: dict[str, tuple[str, str]] = {"aws_lambda_function": ("environment", "variables")}


def _unwrap(value: Any) -> Any:
    """python-hcl2 (checkov's fork) wraps attribute values in a one-item list."""
    return value[0] if isinstance(value, list) and len(value) == 1 else value


class HclConfig:
    """Parsed ``.tf`` files per module address (``module_dir`` maps an address to its folder)."""

    def __init__(self, module_dir: Callable[[str], Path | None]) -> None:
        self.module_dir = module_dir
        self._parsed = cache(self._parse)

    def _parse(self, module: str) -> tuple[dict[str, Any], ...]:
        directory = self.module_dir(module)
        if directory is None or not directory.is_dir():
            return ()
        try:
            import hcl2
        except ImportError:
            return ()
        out = []
        for tf in sorted(directory.glob("*.tf")):
            try:
                out.append(hcl2.loads(tf.read_text(encoding="utf-8")))
            except Exception:  # an unparsable file only means less is filled in
                continue
        return tuple(out)

    def locals(self, module: str) -> dict[str, Any]:
        return {
            k: _unwrap(v)
            for parsed in self._parsed(module)
            for block in parsed.get("locals") or ()
            for k, v in block.items()
            if not k.startswith("__")
        }

    def resource(self, module: str, rtype: str, name: str) -> dict[str, Any] | None:
        for parsed in self._parsed(module):
            for block in parsed.get("resource") or ():
                found = (block.get(rtype) or {}).get(name)
                if isinstance(found, dict):
                    return found
        return None


def fill_literal_maps(resources: list[TfResource], config: HclConfig) -> list[TfResource]:
    """A pending map written as a literal in the ``.tf`` file gets its keys (values stay pending)."""
    out = []
    for r in resources:
        spec = LITERAL_MAPS.get(r.type)
        path = f"{spec[0]}.{spec[1]}" if spec else ""
        if spec is None or path not in r.unknown:
            out.append(r)
            continue
        block = _unwrap((config.resource(r.module, r.type, r.name) or {}).get(spec[0]))
        literal = _unwrap(block.get(spec[1])) if isinstance(block, dict) else None
        if not isinstance(literal, dict):
            out.append(r)
            continue
        values = {
            str(k): v if isinstance(v, str) and "${" not in v else AfterApply.of(f"{r.address}.{path}.{k}")
            for k, v in literal.items()
            if not str(k).startswith("__")
        }
        blocks = r.values.get(spec[0])
        first = blocks[0] if isinstance(blocks, list) and blocks and isinstance(blocks[0], dict) else {}
        unknown = r.unknown - {path}
        if not any(u.startswith(spec[0] + ".") for u in unknown):
            unknown -= {spec[0]}
        out.append(replace(r, values={**r.values, spec[0]: [{**first, spec[1]: values}]}, unknown=unknown))
    return out
