"""Write every report of one review into a folder."""

from __future__ import annotations

import json
from pathlib import Path

from coattail.review.model import ReviewResults
from coattail.review.reports.junit import to_junit
from coattail.review.reports.render import render_html, render_markdown
from coattail.review.reports.sarif import to_sarif

REPORT_FILES = ("results.json", "scorecard.html", "review.md", "results.sarif", "junit.xml")


def write_all(
    results: ReviewResults,
    out_dir: Path | str,
    baseline: ReviewResults | None = None,
    *,
    repo_root: Path | None = None,
) -> list[Path]:
    """Write results.json (unless present), scorecard.html, review.md, results.sarif, junit.xml."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    results_path = out / "results.json"
    if not results_path.exists():
        results_path.write_text(results.model_dump_json(indent=2), encoding="utf-8")
    written.append(results_path)
    contents = {
        "scorecard.html": render_html(results, baseline),
        "review.md": render_markdown(results),
        "results.sarif": json.dumps(to_sarif(results, repo_root), indent=2),
        "junit.xml": to_junit(results),
    }
    for name, text in contents.items():
        path = out / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
