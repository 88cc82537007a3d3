"""The ``ctc-review`` command: the review engine's commands plus ``demo`` and ``self-gate``.

Those two deploy or plan the platform in the local emulator, so they live in the CLI layer: the review
engine (``coattail.review``) imports nothing from the platform, and both call the scoring function
(:func:`coattail.review.commands.score.run_score`) directly.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from coattail.cli.options import require_extras
from coattail.cli.self_gate import INFRA, SELF_BASELINE, checkout, plan_project_terraform
from coattail.review.cli import cli
from coattail.review.commands.reports import load_or_usage_error, results_path
from coattail.review.commands.score import EXIT_INCOMPLETE, ScoreRequest, as_of_option, parse_as_of, run_score
from coattail.review.reports import write_all
from coattail.review.reports.console import summary_table
from coattail.review.reports.loading import load_results, save_results
from coattail.review.reports.view import DOCUMENT_PREFIX

DEFAULT_DEMO_WORKDIR = Path(".local/demo")
DEFAULT_DEMO_OUTPUT = Path("reports-out/demo")

out = Console()
err = Console(stderr=True)


def _step(message: str, label: str = "demo") -> None:
    err.print(f"[cyan]{label}[/cyan] {message}", highlight=False)


def _optional_checkout(repo: Path | None) -> Path | None:
    """The checkout to score as the repository source: ``--repo``, or the current directory if it is one."""
    if repo is not None:
        try:
            return checkout(repo)
        except FileNotFoundError as exc:
            raise click.BadParameter(str(exc), param_hint="--repo") from None
    try:
        return checkout(Path.cwd())
    except FileNotFoundError:
        return None


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
@click.option(
    "--repo",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=None,
    help="The checkout scored as the repository source (default: the current directory, if it is one).",
)
@click.option("--baseline", "baseline_file", type=results_path, default=None, help="Show change against it.")
@click.option("--region", default="us-east-1", show_default=True)
@as_of_option
def demo(
    workdir: Path,
    output_dir: Path,
    keep: bool,
    endpoint_url: str | None,
    terraform_dir: Path | None,
    repo: Path | None,
    baseline_file: Path | None,
    region: str,
    as_of: str | None,
) -> None:
    """Deploy the platform into the local emulator, score it from every source, write every report."""
    if (endpoint_url is None) != (terraform_dir is None):
        raise click.UsageError("--endpoint-url and --terraform-dir go together (reuse a running deployment)")
    base = load_or_usage_error(baseline_file, "--baseline") if baseline_file else None
    today = parse_as_of(as_of)
    checkout_dir = _optional_checkout(repo)
    started = time.monotonic()
    teardown: Callable[[], None] | None = None
    show_json: Callable[[], dict[str, Any]] | None = None
    stopped_plan: Callable[[], dict[str, Any]] | None = None
    require_extras("emulator")
    from coattail.cli.local import Deployment, LocalStack

    if endpoint_url is None:
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
        show_json, stopped_plan = deployment.terraform.show_json, deployment.stopped_plan
        if not keep:
            teardown = lambda: stack.down(on_step=_step)  # noqa: E731
    assert terraform_dir is not None
    if show_json is None and (terraform_dir / "terraform.tfstate").exists():
        # a deployment made by coattail.cli.local keeps its Terraform data dir beside the module copy
        reused = Deployment(endpoint_url, workdir=terraform_dir.parent)
        show_json, stopped_plan = reused.terraform.show_json, reused.stopped_plan
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        # the local emulator accepts any credentials; never reach for a real account's
        os.environ.setdefault(name, "testing")
    os.environ.pop("AWS_PROFILE", None)
    try:
        where = f"repository ({checkout_dir})" if checkout_dir else "no repository (not a checkout; --repo)"
        _step(f"scoring live ({endpoint_url}), Terraform ({terraform_dir}) and {where}")
        output_dir.mkdir(parents=True, exist_ok=True)
        plan_json: Path | None = None
        if show_json is not None:  # the state as `terraform show -json` prints it
            plan_json = output_dir / "terraform-show.json"
            plan_json.write_text(json.dumps(show_json()), encoding="utf-8")
        stopped_json: Path | None = None
        if stopped_plan is not None:  # what scripts/stop.sh would remove (the stopped run state)
            stopped_json = output_dir / "terraform-stopped-plan.json"
            stopped_json.write_text(json.dumps(stopped_plan()), encoding="utf-8")
        results_file = output_dir / "results.json"
        results_file.unlink(missing_ok=True)
        # with the state as JSON, the checkout's own module locates resources in its .tf files
        located_in = checkout_dir / INFRA if plan_json is not None and checkout_dir else terraform_dir
        request = ScoreRequest(
            sources=("live", "terraform", *(("repository",) if checkout_dir else ())),
            output_dir=output_dir,
            repo=checkout_dir or Path.cwd(),
            regions=(region,),
            endpoint_url=endpoint_url,
            terraform_dir=located_in,
            plan_json=plan_json,
            stopped_plan_json=stopped_json,
            write_reports=False,  # written below, with the baseline
            quiet=True,  # the demo prints its own summary
            as_of=today,
        )
        code = run_score(request)
        if not results_file.is_file():
            err.print(f"[red]demo: scoring wrote no results (exit {code})[/red]")
            sys.exit(code or 1)
        results = load_results(results_file)
        paths = write_all(results, output_dir, base, repo_root=checkout_dir)
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
    help=f"Baseline to gate against (default: <repo>/{SELF_BASELINE}).",
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
    default=Path("."),
    show_default=True,
    help="The checkout (a clone) to score.",
)
@as_of_option
def self_gate(
    update: bool, baseline_file: Path | None, output_dir: Path | None, repo: Path, as_of: str | None
) -> None:
    """Score the project's own Terraform (planned) and repository against its committed baseline.

    Exits 1 when a pillar score drops or a check that passed in the baseline fails.
    """
    try:
        repo = checkout(repo)
    except FileNotFoundError as exc:
        raise click.BadParameter(str(exc), param_hint="--repo") from None
    require_extras("emulator")
    today = parse_as_of(as_of)
    baseline_path = baseline_file or repo / SELF_BASELINE
    gate = None if update else baseline_path
    if gate is not None and not gate.exists():
        raise click.UsageError(f"no baseline at {gate}: create it with `ctc-review self-gate --update`")
    work = Path(tempfile.mkdtemp(prefix="ctc-self-gate-"))
    out_dir = output_dir or work / "results"
    try:
        _step(f"planning {INFRA} in a throwaway emulator", "self-gate")
        plan_json = plan_project_terraform(work, work / "plan.json", repo)
        request = ScoreRequest(
            sources=("terraform", "repository"),
            output_dir=out_dir,
            repo=repo,
            terraform_dir=repo / INFRA,
            plan_json=plan_json,
            baseline_file=gate,
            fail_on_regression=gate is not None,
            quiet=True,
            as_of=today,
        )
        code = run_score(request)
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


cli.add_command(demo)
cli.add_command(self_gate)


def main() -> None:
    cli()
