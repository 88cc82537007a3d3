"""Run checkov on a Terraform directory and map its results onto inventory resources.

``checkov -d DIR -o json --framework terraform --skip-download`` (offline: no guideline
download from the vendor's platform, which only waits on the network here); checks named in the
project's suppression file (``checkov-suppressions.yaml``: ``suppressions: [{check,
justification}]``) are kept with result ``SKIPPED`` and the justification, so checks can tell
accepted from open failures.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from coattail.review.inventory import CheckovFinding, Resource
from coattail.review.model import Location

SUPPRESSION_FILES = ("checkov-suppressions.yaml", ".checkov-suppressions.yaml")


class CheckovError(RuntimeError):
    """checkov could not run or its output could not be read."""


def find_checkov() -> str | None:
    local = Path(sys.executable).with_name("checkov")
    return str(local) if local.exists() else shutil.which("checkov")


def load_suppressions(directory: Path) -> dict[str, str]:
    """check id -> justification, from the first suppression file found in ``directory``."""
    for name in SUPPRESSION_FILES:
        path = directory / name
        if path.is_file():
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            entries = data.get("suppressions", []) if isinstance(data, dict) else []
            return {
                str(e["check"]): " ".join(str(e.get("justification", "")).split())
                for e in entries
                if isinstance(e, dict) and e.get("check")
            }
    return {}


def run_checkov(directory: Path, timeout: float = 600) -> list[dict[str, Any]]:
    binary = find_checkov()
    if binary is None:
        raise CheckovError("checkov is not installed (pip install checkov)")
    proc = subprocess.run(
        [binary, "-d", str(directory), "-o", "json", "--framework", "terraform", "--quiet", "--compact",
         "--skip-download"],
        capture_output=True, text=True, timeout=timeout, check=False,
    )  # fmt: skip
    if proc.returncode not in (0, 1) or not proc.stdout.strip():
        raise CheckovError(
            f"checkov failed on {directory} (exit {proc.returncode}): {proc.stderr.strip()[-400:]}"
        )
    try:
        data = json.loads(proc.stdout)
    except json.JSONDecodeError as exc:
        raise CheckovError(f"checkov output is not JSON: {exc}") from exc
    reports = data if isinstance(data, list) else [data]
    return [r for r in reports if isinstance(r, dict)]


_INDEX = re.compile(r"\[[^\]]*\]")


def _strip_index(address: str) -> str:
    return _INDEX.sub("", address)


def map_results(
    reports: Iterable[dict[str, Any]],
    resources: Iterable[Resource],
    suppressions: dict[str, str],
    path_prefix: str | None = None,
) -> tuple[CheckovFinding, ...]:
    """Failed (and suppressed) checks, each matched to the inventory resource it concerns."""
    by_address: dict[str, Resource] = {}
    by_location: dict[tuple[str, int], Resource] = {}
    for res in resources:
        if res.tf_address:
            by_address.setdefault(_strip_index(res.tf_address), res)
            by_address.setdefault(res.tf_address, res)
        if res.location and res.location.start_line:
            by_location.setdefault((res.location.path, res.location.start_line), res)
    out: list[CheckovFinding] = []
    for report in reports:
        for item in (report.get("results") or {}).get("failed_checks") or ():
            address = str(item.get("resource_address") or item.get("resource") or "")
            file_path = str(item.get("file_path") or "").lstrip("/")
            shown = f"{path_prefix.rstrip('/')}/{file_path}" if path_prefix else file_path
            lines = item.get("file_line_range") or [None, None]
            location = Location(path=shown, start_line=lines[0], end_line=lines[1]) if file_path else None
            match = by_address.get(address) or by_address.get(_strip_index(address))
            if match is None and location and location.start_line:
                match = by_location.get((location.path, location.start_line))
            check_id = str(item.get("check_id"))
            suppressed = check_id in suppressions
            out.append(
                CheckovFinding(
                    check_id=check_id,
                    check_name=str(item.get("check_name") or ""),
                    result="SKIPPED" if suppressed else "FAILED",
                    tf_address=match.tf_address if match and match.tf_address else address,
                    resource_type=_strip_index(address).split(".")[-2] if "." in address else "",
                    location=location,
                    guideline=item.get("guideline"),
                    severity=item.get("severity"),
                    suppress_comment=suppressions.get(check_id),
                    inventory_id=match.id if match else None,
                )
            )
    return tuple(sorted(out, key=lambda f: (f.check_id, f.tf_address)))
