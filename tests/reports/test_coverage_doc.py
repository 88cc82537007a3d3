"""``docs/BEST_PRACTICES.md`` is what the generator renders now: it cannot go stale."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coattail.review.checks._registry import load_checks
from coattail.review.checks._wa_catalog import BEST_PRACTICES, QUESTIONS, bp_risk, bp_title
from coattail.review.model import Pillar
from coattail.review.reports.coverage_doc import COMMAND, NOT_COVERED, coverage, render

ROW = re.compile(r"^\| ((?:OPS|SEC|REL|PERF|COST|SUS)\d{2}-BP\d{2}) \| (.*) \| (High|Medium|Low) \| (.*) \|$")


def _rows(text: str) -> dict[str, tuple[str, str, str]]:
    rows: dict[str, tuple[str, str, str]] = {}
    for line in text.splitlines():
        m = ROW.match(line)
        if m:
            assert m.group(1) not in rows, f"{m.group(1)} listed twice"
            rows[m.group(1)] = (m.group(2), m.group(3), m.group(4))
    return rows


def test_committed_document_is_the_generated_one(repo_root: Path) -> None:
    committed = (repo_root / "docs" / "BEST_PRACTICES.md").read_text()
    assert committed == render(), f"docs/BEST_PRACTICES.md is stale: regenerate it with `{COMMAND}`"


def test_every_best_practice_is_listed_once_with_its_title_and_risk() -> None:
    rows = _rows(render())
    assert list(rows) == list(BEST_PRACTICES)
    for bp, (title, risk, _) in rows.items():
        assert title == bp_title(bp).replace("|", "\\|") and risk == bp_risk(bp).capitalize(), bp


def test_every_check_appears_as_covering_its_best_practice() -> None:
    checks = load_checks()
    rows = _rows(render(checks))
    for check in checks:
        cell = rows[check.meta.bp_id][2]
        assert cell != NOT_COVERED, check.id
        m = check.meta
        entry = f"`{check.id}` ({m.kind.value}, {m.service}, verified on {m.verified_on.value})"
        assert entry in cell.split("<br>"), check.id
    cited = {c.meta.bp_id for c in checks}
    assert {bp for bp, (_, _, cell) in rows.items() if cell == NOT_COVERED} == set(BEST_PRACTICES) - cited


def test_summary_counts_add_up() -> None:
    checks = load_checks()
    rows = coverage(checks)
    assert [r.pillar for r in rows] == list(Pillar)
    assert sum(r.best_practices for r in rows) == len(BEST_PRACTICES)
    assert sum(r.questions for r in rows) == len(QUESTIONS)
    assert sum(r.covered for r in rows) == len({c.meta.bp_id for c in checks})
    assert sum(r.checks for r in rows) == len(checks)
    text = render(checks)
    assert (
        f"| **total** | {len(QUESTIONS)} | {len(BEST_PRACTICES)} | {sum(r.covered for r in rows)} "
        f"| {sum(r.not_covered for r in rows)} |"
    ) in text


def test_without_checks_nothing_is_covered() -> None:
    rows = _rows(render([]))
    assert len(rows) == len(BEST_PRACTICES)
    assert {cell for _, _, cell in rows.values()} == {NOT_COVERED}


@pytest.mark.parametrize("pillar", list(Pillar))
def test_each_pillar_has_a_section(pillar: Pillar) -> None:
    assert f"\n## {pillar.title}\n" in render([])
