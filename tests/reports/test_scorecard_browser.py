"""The HTML scorecard in headless Chromium: radar chart, six pillars, no console error, no request."""

from __future__ import annotations

from pathlib import Path

import pytest

from coattail.review.model import Pillar
from coattail.review.reports.render import render_html

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser(chromium):
    return chromium


def open_page(browser, html_path: Path, width: int = 1280):
    page = browser.new_page(viewport={"width": width, "height": 900})
    events: dict[str, list[object]] = {"console": [], "requests": [], "errors": []}
    page.on("console", lambda m: events["console"].append((m.type, m.text)))
    page.on("pageerror", lambda e: events["errors"].append(str(e)))
    page.on("request", lambda r: events["requests"].append(r.url))
    page.goto(html_path.as_uri())
    page.wait_for_load_state("load")
    return page, events


def test_scorecard_in_chromium(browser, results_factory, tmp_path):
    base = results_factory()
    current = results_factory(fail={"sec_check_00"})
    html = tmp_path / "scorecard.html"
    html.write_text(render_html(current, base), encoding="utf-8")
    page, events = open_page(browser, html)
    try:
        shot = tmp_path / "scorecard.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000

        radar = page.locator("svg#radar-chart")
        assert radar.count() == 1 and radar.is_visible()
        assert radar.locator("polygon.score").count() == 1
        assert radar.locator("polygon.baseline").count() == 1
        labels = radar.locator("text.axis-label").all_inner_texts()
        assert len(labels) == 6
        for pillar in Pillar:
            section = page.locator(f"section#pillar-{pillar.value}")
            assert section.is_visible()
            assert f"{pillar.title}" in section.locator("h2").inner_text()
        assert "sec_check_00" in page.locator("#baseline-change").inner_text()

        # the inline filter works: security only, high or worse
        assert page.locator("#filters").is_visible()
        page.select_option("#filter-pillar", "security")
        assert not page.locator("section#pillar-reliability").is_visible()
        page.select_option("#filter-severity", "critical")
        rows = page.locator("section#pillar-security tr.finding")
        visible = [r.get_attribute("data-severity") for r in rows.all() if r.is_visible()]
        assert visible == ["critical"]

        errors = [t for kind, t in events["console"] if kind == "error"]
        assert errors == [] and events["errors"] == []
        assert events["requests"] == [html.as_uri()]
    finally:
        page.close()


def test_scorecard_on_a_narrow_screen_without_javascript(browser, results, tmp_path):
    html = tmp_path / "scorecard.html"
    html.write_text(render_html(results), encoding="utf-8")
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(html.as_uri())
        # without JS: no filter bar, every finding visible
        assert not page.locator("#filters").is_visible()
        assert all(r.is_visible() for r in page.locator("tr.finding").all())
        # responsive: nothing wider than the viewport
        assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
        page.screenshot(path=str(tmp_path / "narrow.png"))
        # printing keeps the pillars and drops the filter bar
        page.emulate_media(media="print")
        assert page.locator("section#pillar-security").is_visible()
    finally:
        context.close()
