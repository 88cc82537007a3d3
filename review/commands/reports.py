"""`ctc-review diff | gate | baseline update | render` (reports and the regression gate)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from coattail.review.reports import write_all
from coattail.review.reports.compare import compare
from coattail.review.reports.console import print_diff, print_gate
from coattail.review.reports.loading import ResultsFileError, load_results, save_results

out = Console()
err = Console(stderr=True)


def load_or_usage_error(path: Path, what: str) -> Any:
    try:
        return load_results(path)
    except ResultsFileError as exc:
        raise click.UsageError(f"{what}: {exc}") from None


results_path = click.Path(dir_okay=False, path_type=Path)


@click.command()
@click.argument("baseline", type=results_path)
@click.argument("current", type=results_path)
def diff(baseline: Path, current: Path) -> None:
    """Print what changed from BASELINE to CURRENT (two results.json files)."""
    report = compare(load_or_usage_error(current, "CURRENT"), load_or_usage_error(baseline, "BASELINE"))
    print_diff(out, report)


@click.command("gate")
@click.argument("results_file", type=results_path)
@click.option("--baseline", "baseline_file", type=results_path, default=None, help="The accepted baseline.")
@click.option(
    "--fail-on-regression", is_flag=True, help="Exit 1 when a pillar score drops or a check regresses."
)
@click.option("--min-score", "min_scores", multiple=True, help="[PILLAR=]N, e.g. overall=3.5 or security=4.")
def gate(
    results_file: Path, baseline_file: Path | None, fail_on_regression: bool, min_scores: tuple[str, ...]
) -> None:
    """Apply the regression gate to an existing results.json (exit 1 when breached)."""
    from coattail.review.gate import evaluate_gate, parse_min_scores

    try:
        minimums = parse_min_scores(min_scores)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--min-score") from None
    base = load_or_usage_error(baseline_file, "--baseline") if baseline_file else None
    report = evaluate_gate(
        load_or_usage_error(results_file, "RESULTS_FILE"),
        base,
        fail_on_regression=fail_on_regression,
        min_scores=minimums,
    )
    print_gate(out, report)
    sys.exit(1 if report.breached else 0)


@click.group()
def baseline() -> None:
    """Manage the accepted baseline the regression gate compares against."""


@baseline.command("update")
@click.option("--results", "results_file", type=results_path, required=True, help="A results.json to accept.")
@click.option(
    "--baseline", "baseline_file", type=results_path, required=True, help="The baseline file to write."
)
def baseline_update(results_file: Path, baseline_file: Path) -> None:
    """Accept RESULTS as the new baseline (prints what changes against the old one)."""
    results = load_or_usage_error(results_file, "--results")
    if baseline_file.exists():
        print_diff(out, compare(results, load_or_usage_error(baseline_file, "--baseline")))
    save_results(results, baseline_file)
    out.print(f"baseline written: {baseline_file} (overall {results.scores.overall:.1f})")


@click.command()
@click.argument("results_file", type=results_path)
@click.option("--output-dir", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option("--baseline", "baseline_file", type=results_path, default=None, help="Show change against it.")
@click.option(
    "--repo",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=None,
    help="Repository root: SARIF locations become relative to it.",
)
def render(results_file: Path, output_dir: Path, baseline_file: Path | None, repo: Path | None) -> None:
    """Write every report (HTML, Markdown, SARIF, JUnit) for RESULTS_FILE into --output-dir."""
    results = load_or_usage_error(results_file, "RESULTS_FILE")
    base = load_or_usage_error(baseline_file, "--baseline") if baseline_file else None
    for path in write_all(results, output_dir, base, repo_root=repo):
        out.print(str(path))


def register(cli: click.Group) -> None:
    """Add this module's commands to the ``ctc-review`` group."""
    for command in (diff, gate, baseline, render):
        cli.add_command(command)
