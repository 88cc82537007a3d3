"""Read a results (or baseline) JSON file with errors that say what was wrong."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from coattail.review.model import RESULTS_SCHEMA_VERSION, ReviewResults


class ResultsFileError(ValueError):
    """A results file is missing, not JSON, or not a ReviewResults document."""


def load_results(path: Path | str) -> ReviewResults:
    p = Path(path)
    if not p.is_file():
        raise ResultsFileError(f"{p}: no such results file (run `ctc-review score --output-dir DIR` first)")
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ResultsFileError(f"{p}: not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise ResultsFileError(f"{p}: expected a JSON object of review results")
    version = str(data.get("schema_version", ""))
    if version.split(".")[0] != RESULTS_SCHEMA_VERSION.split(".")[0]:
        raise ResultsFileError(
            f"{p}: results schema {version or '(none)'} is not compatible with {RESULTS_SCHEMA_VERSION}"
        )
    try:
        return ReviewResults.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        raise ResultsFileError(
            f"{p}: not valid review results: {where}: {first['msg']} ({exc.error_count()} errors)"
        ) from None


def save_results(results: ReviewResults, path: Path | str) -> Path:
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_suffix(p.suffix + ".tmp")
    tmp.write_text(results.model_dump_json(indent=2) + "\n", encoding="utf-8")
    tmp.replace(p)
    return p
