"""`ctc-review diff | baseline update | render | demo` (reports and the regression gate)."""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from review.reports import write_all
from review.reports.compare import compare
from review.reports.console import print_diff, print_gate, summary_table
from review.reports.loading import ResultsFileError, load_results, save_results
from review.reports.view import DOCUMENT_PREFIX

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DEMO_WORKDIR = Path(".local/demo")
DEFAULT_DEMO_OUTPUT = Path("reports-out/demo")
EXIT_INCOMPLETE = 3

out = Console()
err = Console(stderr=True)


def _load(path: Path, what: str) -> Any:
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
    report = compare(_load(current, "CURRENT"), _load(baseline, "BASELINE"))
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
    from review.gate import evaluate_gate, parse_min_scores

    try:
        minimums = parse_min_scores(min_scores)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--min-score") from None
    base = _load(baseline_file, "--baseline") if baseline_file else None
    report = evaluate_gate(
        _load(results_file, "RESULTS_FILE"), base, fail_on_regression=fail_on_regression, min_scores=minimums
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
    results = _load(results_file, "--results")
    if baseline_file.exists():
        print_diff(out, compare(results, _load(baseline_file, "--baseline")))
    save_results(results, baseline_file)
    out.print(f"baseline written: {baseline_file} (overall {results.scores.overall:.1f})")


@click.command()
@click.argument("results_file", type=results_path)
@click.option("--output-dir", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option("--baseline", "baseline_file", type=results_path, default=None, help="Show change against it.")
def render(results_file: Path, output_dir: Path, baseline_file: Path | None) -> None:
    """Write every report (HTML, Markdown, SARIF, JUnit) for RESULTS_FILE into --output-dir."""
    results = _load(results_file, "RESULTS_FILE")
    base = _load(baseline_file, "--baseline") if baseline_file else None
    for path in write_all(results, output_dir, base, repo_root=REPO_ROOT):
        out.print(str(path))


def _run_score(root: click.Command, args: list[str]) -> int:
    """Run ``ctc-review score ARGS`` in this process; returns its exit code."""
    try:
        code = root.main(args=["score", *args], prog_name="ctc-review", standalone_mode=False)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except click.exceptions.Exit as exc:
        code = exc.exit_code
    return int(code or 0)


def score_deployment(
    root: click.Command,
    endpoint_url: str,
    terraform_dir: Path,
    output_dir: Path,
    region: str,
    plan_json: Path | None = None,
) -> int:
    """``ctc-review score`` from all three sources; only options the score command declares are passed."""
    score = root.commands.get("score") if isinstance(root, click.Group) else None
    if score is None:
        raise click.UsageError("this ctc-review has no `score` command yet")
    declared = {opt for p in score.params for opt in getattr(p, "opts", [])}
    wanted: list[tuple[str, str]] = [
        ("--source", "live"), ("--source", "terraform"), ("--source", "repository"),
        ("--endpoint-url", endpoint_url), ("--region", region),
        ("--terraform-dir", str(terraform_dir)), ("--repo", str(REPO_ROOT)),
        ("--output-dir", str(output_dir)),
    ]  # fmt: skip
    if plan_json is not None:
        wanted.append(("--plan-json", str(plan_json)))
    args = [x for opt, value in wanted if opt in declared for x in (opt, value)]
    args += [flag for flag in ("--quiet",) if flag in declared]  # the demo prints its own summary
    return _run_score(root, args)


def _step(message: str, label: str = "demo") -> None:
    err.print(f"[cyan]{label}[/cyan] {message}", highlight=False)


@click.command()
@click.option(
    "--workdir",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_DEMO_WORKDIR,
    show_default=True,
    help="Emulator and Terraform state of the demo deployment.",
)
@click.option(
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_DEMO_OUTPUT,
    show_default=True,
    help="Where the reports are written.",
)
@click.option(
    "--keep/--down",
    default=False,
    show_default=True,
    help="Leave the emulator and deployment running, or destroy and clean up everything.",
)
@click.option(
    "--endpoint-url",
    default=None,
    help="Score an already deployed platform at this emulator endpoint (with --terraform-dir).",
)
@click.option(
    "--terraform-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The Terraform working dir of that deployment (skips deploying).",
)
@click.option("--baseline", "baseline_file", type=results_path, default=None, help="Show change against it.")
@click.option("--region", default="us-east-1", show_default=True)
@click.pass_context
def demo(
    ctx: click.Context,
    workdir: Path,
    output_dir: Path,
    keep: bool,
    endpoint_url: str | None,
    terraform_dir: Path | None,
    baseline_file: Path | None,
    region: str,
) -> None:
    """Deploy the platform into the local emulator, score it from every source, write every report."""
    if (endpoint_url is None) != (terraform_dir is None):
        raise click.UsageError("--endpoint-url and --terraform-dir go together (reuse a running deployment)")
    base = _load(baseline_file, "--baseline") if baseline_file else None
    root = ctx.find_root().command
    started = time.monotonic()
    teardown: Callable[[], None] | None = None
    plan_json: Path | None = None
    show_json: Callable[[], dict[str, Any]] | None = None
    if endpoint_url is None:
        from ctc.local import LocalStack

        stack = LocalStack(workdir)
        _step(f"deploying the platform into the local emulator (state in {workdir})")
        try:
            deployment, _timings = stack.up(on_step=_step)
        except Exception as exc:  # deploy failures: say what failed, clean up, exit 1
            err.print(f"[red]demo: deploying the platform failed:[/red] {exc}")
            if not keep:
                stack.down(on_step=_step)
            sys.exit(1)
        endpoint_url, terraform_dir = deployment.endpoint_url, deployment.root
        show_json = deployment.terraform.show_json
        if not keep:
            teardown = lambda: stack.down(on_step=_step)  # noqa: E731
    assert terraform_dir is not None
    if show_json is None and (terraform_dir / "terraform.tfstate").exists():
        from ctc.local import Deployment

        # a deployment made by ctc.local keeps its Terraform data dir beside the module copy
        show_json = Deployment(endpoint_url, workdir=terraform_dir.parent).terraform.show_json
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        # the local emulator accepts any credentials; never reach for a real account's
        os.environ.setdefault(name, "testing")
    os.environ.pop("AWS_PROFILE", None)
    try:
        _step(f"scoring live ({endpoint_url}), Terraform ({terraform_dir}) and repository ({REPO_ROOT})")
        output_dir.mkdir(parents=True, exist_ok=True)
        if show_json is not None:  # the state as `terraform show -json` prints it
            plan_json = output_dir / "terraform-show.json"
            plan_json.write_text(json.dumps(show_json()), encoding="utf-8")
        results_file = output_dir / "results.json"
        results_file.unlink(missing_ok=True)
        # with the state as JSON, the repository's own module locates resources in its .tf files
        located_in = REPO_ROOT / "platform" / "infra" if plan_json is not None else terraform_dir
        code = score_deployment(root, endpoint_url, located_in, output_dir, region, plan_json)
        if not results_file.is_file():
            err.print(f"[red]demo: `ctc-review score` wrote no results (exit {code})[/red]")
            sys.exit(code or 1)
        results = load_results(results_file)
        paths = write_all(results, output_dir, base, repo_root=REPO_ROOT)
    finally:
        if teardown is not None:
            _step("destroying the deployment and stopping the emulator (--down)")
            teardown()
    project = results.profile_title.removeprefix(DOCUMENT_PREFIX)
    out.print(summary_table(results, title=f"{project}: Well-Architected scores"))
    if results.cost and "active_per_hour" in results.cost:
        c = results.cost
        out.print(
            f"Cost estimate: {c['active_per_hour']:.2f} USD/h active, {c['idle_per_day']:.4f} USD/day idle, "
            f"~{c['monthly']:.2f} USD/month (seed: 0.82 USD/h, < 0.01 USD/day, 7-8 USD/month)"
        )
    if code == EXIT_INCOMPLETE:
        gaps = ", ".join(sorted({n.service for n in results.not_assessed})) or "a source failed"
        out.print(f"[yellow]Assessment incomplete: not assessed: {gaps}[/yellow]")
    out.print("Reports:")
    for path in paths:
        out.print(f"  {path}")
    if keep:
        out.print(
            f"The emulator is still running at {endpoint_url}; `ctc local down --workdir {workdir}` stops it."
        )
    _step(f"done in {time.monotonic() - started:.0f} s")


@click.command("self-gate")
@click.option("--update", is_flag=True, help="Accept the current results as the new baseline instead.")
@click.option(
    "--baseline",
    "baseline_file",
    type=results_path,
    default=None,
    help="Baseline to gate against (default: review/baselines/self.json).",
)
@click.option(
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Keep the results and reports here (default: a temporary folder).",
)
@click.option(
    "--repo",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=REPO_ROOT,
    show_default=True,
    help="The repository (a clone) to score.",
)
@click.pass_context
def self_gate(
    ctx: click.Context, update: bool, baseline_file: Path | None, output_dir: Path | None, repo: Path
) -> None:
    """Score the project's own Terraform (planned) and repository against its committed baseline.

    Runs `ctc-review score --source terraform --source repository --baseline ... --fail-on-regression`;
    exits 1 when a pillar score drops or a check that passed in the baseline fails.
    """
    import shutil

    from review.baselines.self_gate import SELF_BASELINE, plan_project_terraform, score_args, scratch_dir

    baseline_path = baseline_file or SELF_BASELINE
    work = scratch_dir()
    out_dir = output_dir or work / "results"
    try:
        _step("planning platform/infra in a throwaway emulator", "self-gate")
        plan_json = plan_project_terraform(work, work / "plan.json", repo.resolve())
        gate = None if update else baseline_path
        if gate is not None and not gate.exists():
            raise click.UsageError(f"no baseline at {gate}: create it with `ctc-review self-gate --update`")
        code = _run_score(
            ctx.find_root().command, [*score_args(plan_json, out_dir, gate, repo.resolve()), "--quiet"]
        )
        if code not in (0, 1, EXIT_INCOMPLETE):
            sys.exit(code)
        if update:
            results = load_results(out_dir / "results.json")
            save_results(results, baseline_path)
            out.print(f"baseline written: {baseline_path} (overall {results.scores.overall:.1f})")
            return
        if code == EXIT_INCOMPLETE:
            err.print("[yellow]self-gate: assessment incomplete (see above); the gate itself passed[/yellow]")
        sys.exit(1 if code == 1 else 0)
    finally:
        shutil.rmtree(work / "terraform", ignore_errors=True)
        if output_dir is None:
            shutil.rmtree(work, ignore_errors=True)


def register(cli: click.Group) -> None:
    """Add this module's commands to the ``ctc-review`` group."""
    for command in (diff, gate, baseline, render, demo, self_gate):
        cli.add_command(command)
