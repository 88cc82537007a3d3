"""Rich terminal output shared by the CLI commands: score summary, diff, gate verdict."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from coattail.review.gate import GateReport
from coattail.review.model import ReviewResults
from coattail.review.reports.compare import ResultsDiff


def summary_table(results: ReviewResults, title: str = "Well-Architected scores") -> Table:
    table = Table(title=title)
    table.add_column("Pillar", overflow="fold")
    table.add_column("Score", justify="right")
    table.add_column("High/Med risk", justify="right")
    table.add_column("Pass", justify="right")
    table.add_column("Fail", justify="right")
    table.add_column("Waived", justify="right")
    table.add_column("Not assessed", justify="right")
    table.add_column("Key gap", overflow="fold")
    for p in results.scores.pillars:
        table.add_row(
            p.pillar.title,
            f"{p.score:.1f}",
            f"{p.high_risks}/{p.medium_risks}",
            str(p.passed),
            str(p.failed),
            str(p.waived),
            str(p.unknown),
            p.key_gap.split(" \u201c", 1)[0],  # "High risk (open) in SEC04"; the reports have the sentence
        )
    table.add_section()
    scores = results.scores
    lowest = f"lowest: {scores.lowest_pillar.title} {scores.lowest_score:.1f}" if scores.lowest_pillar else ""
    table.add_row(
        "Overall",
        f"[bold]{results.scores.overall:.1f}[/bold]",
        "",
        "",
        "",
        "",
        "",
        f"{lowest}; confidence {results.scores.confidence * 100:.0f} %".lstrip("; "),
    )
    return table


def print_diff(console: Console, diff: ResultsDiff) -> None:
    scores = Table(title="Scores: baseline → current")
    for col in ("Pillar", "Baseline", "Current", "Change"):
        scores.add_column(col, justify="left" if col == "Pillar" else "right")
    for s in diff.scores:
        delta = s.delta
        style = "red" if delta is not None and delta < 0 else ("green" if delta else "")
        scores.add_row(
            s.name,
            "n/a" if s.before is None else f"{s.before:.1f}",
            "n/a" if s.after is None else f"{s.after:.1f}",
            f"[{style}]{delta:+.1f}[/{style}]" if delta and style else ("n/a" if delta is None else "±0.0"),
        )
    console.print(scores)
    for title, changes, style in (
        ("Newly failing", diff.newly_failing, "red"),
        ("Newly passing", diff.newly_passing, "green"),
    ):
        table = Table(title=f"{title} ({len(changes)})", title_style=style)
        for col in ("Severity", "Pillar", "Check", "Resource", "Was", "Now"):
            table.add_column(col, overflow="fold")
        for c in changes:
            table.add_row(str(c.severity), c.pillar.title, c.check_id, c.resource_id, c.before, c.after)
        console.print(table)
    if diff.new_checks:
        console.print(f"Checks not in the baseline: {', '.join(diff.new_checks)}")
    if diff.removed_checks:
        console.print(f"Checks no longer run: {', '.join(diff.removed_checks)}")


def print_gate(console: Console, report: GateReport) -> None:
    """The gate verdict: every regression and threshold breach on its own line."""
    for message in report.messages:
        style = "red" if message.startswith(("REGRESSION", "THRESHOLD")) else "green"
        console.print(f"[{style}]{message}[/{style}]", highlight=False)
    for improvement in report.improvements:
        console.print(f"[green]IMPROVED: {improvement}[/green]", highlight=False)
    verdict = (
        "[bold red]gate breached[/bold red]" if report.breached else "[bold green]gate passed[/bold green]"
    )
    console.print(verdict)
