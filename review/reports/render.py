"""The one Jinja2 environment of the reports, its filters, and the HTML/Markdown renderers."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from coattail.review.model import ReviewResults
from coattail.review.reports.view import build_view


def md_cell(value: Any) -> str:
    """Text safe inside a Markdown table cell: no pipes or line breaks."""
    text = "" if value is None else str(value)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", "").replace("\n", "<br>")


def md_code(value: Any) -> str:
    """Inline code, with a fence long enough for any backticks inside."""
    text = md_cell(value)
    fence = "``" if "`" in text else "`"
    pad = " " if "`" in text else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def score(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}"


def signed(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:+.1f}" if value else "±0.0"


def usd(value: float | None) -> str:
    if value is None:
        return "n/a"
    if value == 0:
        return "$0.00"
    if abs(value) < 0.01:
        return f"${value:.4f}"
    return f"${value:,.2f}"


def unit_price(value: float | None) -> str:
    """Unit prices keep their significant digits (0.015, 0.0000166667)."""
    return "n/a" if value is None else f"${value:.6g}"


def percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 100:.0f} %"


def iso(value: datetime | date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M UTC")
    return value.isoformat()


FILTERS = {
    "md_cell": md_cell,
    "md_code": md_code,
    "score": score,
    "signed": signed,
    "usd": usd,
    "unit_price": unit_price,
    "percent": percent,
    "iso": iso,
}


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("coattail.review.reports", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    return env


def render_template(name: str, results: ReviewResults, baseline: ReviewResults | None = None) -> str:
    view = build_view(results, baseline)
    return environment().get_template(name).render(view=view, r=results)


def render_html(results: ReviewResults, baseline: ReviewResults | None = None) -> str:
    return render_template("scorecard.html", results, baseline)


def render_markdown(results: ReviewResults) -> str:
    return render_template("review.md", results)
