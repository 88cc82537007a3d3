"""`ctc-review score | checks | explain | schema | permissions` (the review engine's commands).

Exit codes of ``score``: 0 fine, 1 a threshold or regression breached, 2 usage error, 3 the
assessment is incomplete (a source or a service could not be assessed).
"""

from __future__ import annotations

import difflib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from coattail.review.collectors import Collected, CollectRequest, collect
from coattail.review.collectors.live import LiveOptions
from coattail.review.collectors.live.collector import ALL_REGIONS, default_region, is_local_endpoint
from coattail.review.collectors.terraform import TerraformOptions
from coattail.review.engine import ReviewPlan, review
from coattail.review.inventory import Inventory
from coattail.review.model import CheckKind, Pillar, ReviewResults, SourceKind, VerifiedOn

EXIT_OK, EXIT_BREACHED, EXIT_USAGE, EXIT_INCOMPLETE = 0, 1, 2, 3
DRIFT_SHOWN = 10
SOURCES = ("live", "terraform", "repository")

out = Console()
err = Console(stderr=True)


def _load_checks() -> list[Any]:
    """The check catalog; a broken check module is a clear error (exit 2), not a traceback."""
    from coattail.review.checks._registry import load_checks

    try:
        return list(load_checks())
    except Exception as exc:
        err.print(f"[red]error[/red] cannot load the checks: {type(exc).__name__}: {exc}", highlight=False)
        raise SystemExit(EXIT_USAGE) from None


def parse_as_of(value: str | None) -> date | None:
    """``--as-of``: YYYY-MM-DD or an ISO-8601 timestamp (its UTC day)."""
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not YYYY-MM-DD or an ISO-8601 time", param_hint="--as-of"
        ) from None
    return parsed.astimezone(UTC).date() if parsed.tzinfo else parsed.date()


as_of_option = click.option(
    "--as-of",
    "as_of",
    default=None,
    metavar="DATE",
    help="Judge waiver expiry as of this day (YYYY-MM-DD or ISO time; default: today). "
    "CI pins it to the commit's date, so a commit's gate gives the same verdict on any day.",
)


@click.command()
@click.option(
    "--source",
    "sources",
    multiple=True,
    type=click.Choice(SOURCES),
    help="Evidence source (repeatable). Default: every source that is configured.",
)
@click.option(
    "--region",
    "regions",
    multiple=True,
    help="AWS region to scan (repeatable), or 'all'. Default: all regions enabled in each account; "
    "against a local emulator, AWS_REGION or us-east-1 (an emulator answers every region name).",
)
@click.option("--profile", envvar="AWS_PROFILE", default=None, help="AWS named profile.")
@click.option(
    "--role-arn", "role_arns", multiple=True, help="Role to assume, one per account to scan (repeatable)."
)
@click.option(
    "--organization-role",
    default=None,
    metavar="NAME",
    help="Scan every active account of the caller's AWS Organization by assuming this role in each "
    "(e.g. OrganizationAccountAccessRole); the caller's account is read with its own credentials.",
)
@click.option(
    "--endpoint-url",
    envvar="CTC_ENDPOINT_URL",
    default=None,
    help="AWS endpoint (the local emulator, e.g. http://127.0.0.1:5000).",
)
@click.option(
    "--terraform-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Terraform root module (initialised working dir or with terraform.tfstate).",
)
@click.option(
    "--plan-json",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Output of `terraform show -json` (plan or state).",
)
@click.option(
    "--stopped-plan-json",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Plan of the stopped state as JSON (`python -m coattail.cli.ops plan-state stopped`): what "
    "stopping removes (the cost summary then prices those resources per running hour, not per idle day).",
)
@click.option(
    "--tf-path-prefix",
    default=None,
    help="Show Terraform file paths under this prefix (e.g. platform/infra). Default: guessed.",
)
@click.option("--no-checkov", is_flag=True, help="Do not run checkov on --terraform-dir.")
@click.option(
    "--repo",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Repository root for the repository source. Default: the current directory.",
)
@click.option(
    "--review-profile",
    default=None,
    help="Review profile: a YAML file or the name of a bundled profile (decision areas -> checks). "
    "Default: the platform's profile (ctc) when the account holds the platform (its SSM parameters) "
    "or no live account is read, else the generic whole-account profile; the choice and why are printed.",
)
@click.option(
    "--waivers",
    "waivers_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Waivers YAML (accepted risks with expiry dates).",
)
@click.option(
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("ctc-review-out"),
    show_default=True,
)
@click.option(
    "--baseline",
    "baseline_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Accepted results.json to compare with.",
)
@click.option(
    "--fail-on-regression", is_flag=True, help="Exit 1 when a pillar score drops or a check regresses."
)
@click.option(
    "--min-score",
    "min_scores",
    multiple=True,
    help="Minimum score, overall (N) or per pillar (PILLAR=N); exit 1 below it. Repeatable.",
)
@click.option(
    "--workers",
    default=4,
    show_default=True,
    type=click.IntRange(1, 32),
    help="Services collected concurrently.",
)
@click.option(
    "--max-attempts",
    default=5,
    show_default=True,
    type=click.IntRange(1, 20),
    help="botocore adaptive-retry attempts per API call.",
)
@click.option("--no-reports", is_flag=True, help="Write results.json only.")
@click.option("--quiet", "-q", is_flag=True, help="No summary table.")
@as_of_option
def score(**options: Any) -> None:
    """Collect evidence, run every check, score the six pillars, write results.json and reports."""
    request = _request(options)
    raise SystemExit(run_score(request))


@dataclass(frozen=True)
class ScoreRequest:
    """One ``score`` run; the CLI builds it from options, other commands (``demo``) directly."""

    sources: tuple[str, ...]
    output_dir: Path
    repo: Path
    regions: tuple[str, ...] = ("us-east-1",)
    profile: str | None = None
    role_arns: tuple[str, ...] = ()
    organization_role: str | None = None
    endpoint_url: str | None = None
    terraform_dir: Path | None = None
    plan_json: Path | None = None
    stopped_plan_json: Path | None = None  # a plan of the stopped state: what stopping removes
    tf_path_prefix: str | None = None
    run_checkov: bool = True
    review_profile: str | None = None  # None: chosen from the account (coattail.review.profile_choice)
    waivers_file: Path | None = None
    baseline_file: Path | None = None
    fail_on_regression: bool = False
    min_scores: dict[str, float] = field(default_factory=dict)
    workers: int = 4
    max_attempts: int = 5
    write_reports: bool = True
    quiet: bool = False
    as_of: date | None = None  # the day waiver expiry is judged on (default: today)


def _tf_prefix(request: ScoreRequest) -> str | None:
    """Show Terraform paths as repository paths: the directory itself, or the tracked copy it came from."""
    if request.tf_path_prefix is not None or request.terraform_dir is None:
        return request.tf_path_prefix
    tf = request.terraform_dir.resolve()
    repo = request.repo.resolve()
    if tf.is_relative_to(repo):
        return str(tf.relative_to(repo)) if tf != repo else None
    return _tracked_copy_of(tf, repo)


def _tracked_copy_of(tf: Path, repo: Path) -> str | None:
    """The repository folder whose main.tf is identical to ``tf``'s (e.g. a deployment's working copy)."""
    main = tf / "main.tf"
    if not main.is_file():
        return None
    from coattail.review.collectors.repository import tracked_files

    content = main.read_bytes()
    for rel in tracked_files(repo):
        if rel.endswith("/main.tf") and (repo / rel).read_bytes() == content:
            return str(Path(rel).parent)
    return None


def _collect(request: ScoreRequest) -> Collected:
    creq = CollectRequest(
        sources=tuple(SourceKind(s) for s in request.sources),
        live=LiveOptions(
            regions=request.regions,
            profile=request.profile,
            role_arns=request.role_arns,
            organization_role=request.organization_role,
            endpoint_url=request.endpoint_url,
            max_attempts=request.max_attempts,
            workers=request.workers,
        ),
        terraform=TerraformOptions(
            directory=request.terraform_dir,
            plan_json=request.plan_json,
            path_prefix=_tf_prefix(request),
            default_region=request.regions[0]
            if request.regions != (ALL_REGIONS,)
            else default_region() or "us-east-1",
            run_checkov=request.run_checkov,
        ),
        repo=request.repo,
        stopped_plan=request.stopped_plan_json,
    )
    if not err.is_terminal or request.quiet:
        return collect(creq)
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("collecting", total=None)

        def progress(done: int, total: int, label: str) -> None:
            bar.update(task, completed=done, total=total, description=f"live: {label}")

        return collect(creq, progress)


def _auto_profile(inventory: Inventory, checks_loaded: list[Any]) -> str:
    """The bundled profile that fits the collected account, printed with the reason."""
    from coattail.review.profile import load_profile
    from coattail.review.profile_choice import PLATFORM_PROFILE, choose_profile

    platform = load_profile(PLATFORM_PROFILE, checks_loaded)
    path = str(platform.merged_check_params().get("ssm_runtime_parameters", {}).get("path", "/ctc/"))
    choice = choose_profile(inventory, path)
    err.print(f"review profile: {choice.profile} ({choice.reason})", highlight=False, markup=False)
    return choice.profile


def _plan(request: ScoreRequest, checks_loaded: list[Any], profile_name: str) -> ReviewPlan:
    """The review profile's plan (parameters, decisions roll-up), waivers and the cost summary."""
    from coattail.review.waivers import WaiverError, load_waivers

    try:
        from coattail.review.decisions import review_plan
        from coattail.review.profile import ProfileError, bundled_waivers_path, load_profile
    except ImportError:  # no profile support installed: generic review, no decisions roll-up
        profile = None
    else:
        try:
            profile = load_profile(profile_name, checks_loaded)
        except ProfileError as exc:
            raise click.BadParameter(str(exc), param_hint="--review-profile") from None
    waivers_file = request.waivers_file or (bundled_waivers_path(profile.id) if profile else None)
    waivers: tuple[Any, ...] = ()
    if waivers_file is not None:
        try:
            waivers = load_waivers(waivers_file, [c.meta.id for c in checks_loaded])
        except WaiverError as exc:
            raise click.BadParameter(str(exc), param_hint="--waivers") from None

    def cost(inv: Inventory) -> dict[str, Any] | None:
        try:
            from coattail.review.cost import estimate

            return estimate(inv)
        except Exception as exc:  # the cost summary informs; it never fails a review
            return {"error": f"cost estimate unavailable: {exc}"}

    if profile is None:
        return ReviewPlan(waivers=waivers, cost=cost)
    plan: ReviewPlan = review_plan(profile, waivers, cost=cost)
    return plan


def run_score(request: ScoreRequest) -> int:
    checks_loaded = _load_checks()
    baseline = _load_baseline(request.baseline_file)
    chosen = request.review_profile
    plan = _plan(request, checks_loaded, chosen) if chosen is not None else None  # a bad profile fails fast
    collected = _collect(request)
    if plan is None:
        plan = _plan(request, checks_loaded, _auto_profile(collected.inventory, checks_loaded))
    for message in collected.errors:
        err.print(f"[red]error[/red] {message}", highlight=False)
    results = review(collected.inventory, checks_loaded, plan, today=request.as_of)
    request.output_dir.mkdir(parents=True, exist_ok=True)
    results_path = request.output_dir / "results.json"
    results_path.write_text(results.model_dump_json(indent=2), encoding="utf-8")
    written = [results_path]
    if request.write_reports:
        written = _write_reports(results, request, baseline) or written
    code = EXIT_OK
    if baseline is not None or request.min_scores:
        from coattail.review.gate import evaluate_gate

        gate = evaluate_gate(
            results, baseline, fail_on_regression=request.fail_on_regression, min_scores=request.min_scores
        )
        for message in gate.messages:
            err.print(message, highlight=False, markup=False)
        if gate.breached:
            code = EXIT_BREACHED
    if not request.quiet:
        _print_summary(results, collected)
        for path in written:
            out.print(f"wrote {path}", highlight=False)
    for gap in results.not_assessed:
        where = "/".join(x for x in (gap.account, gap.region) if x)
        err.print(
            f"[yellow]not assessed[/yellow] {gap.source.value} {gap.service} {where}: {gap.reason}",
            highlight=False,
        )
    if code == EXIT_OK and not results.complete:
        code = EXIT_INCOMPLETE  # a breached gate (1) wins over an incomplete assessment (3)
    return code


def _load_baseline(path: Path | None) -> ReviewResults | None:
    if path is None:
        return None
    from coattail.review.reports.loading import ResultsFileError, load_results

    try:
        return load_results(path)
    except ResultsFileError as exc:
        raise click.BadParameter(str(exc), param_hint="--baseline") from None


def _write_reports(
    results: ReviewResults, request: ScoreRequest, baseline: ReviewResults | None
) -> list[Path]:
    try:
        from coattail.review.reports import write_all
    except ImportError:
        return []
    try:
        return list(write_all(results, request.output_dir, baseline, repo_root=request.repo))
    except Exception as exc:  # a report bug must not lose the results or the exit code
        err.print(
            f"[red]error[/red] reports could not be written: {type(exc).__name__}: {exc}", highlight=False
        )
        return []


def _print_summary(results: ReviewResults, collected: Collected) -> None:
    try:
        from coattail.review.reports.console import summary_table

        out.print(summary_table(results))
    except ImportError:
        pass
    runs = ", ".join(f"{s.kind.value}{'' if s.ok else ' (incomplete)'}" for s in results.sources)
    calls = f"; {collected.api_calls} AWS API calls" if collected.api_calls else ""
    out.print(
        f"sources: {runs}{calls}; drift: {len(results.drift)}; not assessed: {len(results.not_assessed)}",
        highlight=False,
    )
    for run in results.sources:
        if run.kind == SourceKind.LIVE:
            out.print(f"scanned {run.target}", highlight=False, markup=False)
    for a in results.accounts:
        lowest = (
            f", lowest {a.scores.lowest_pillar.title} {a.scores.lowest_score}"
            if a.scores.lowest_pillar
            else ""
        )
        out.print(
            f"account {a.account}: overall {a.scores.overall}{lowest}; {a.resources} resources; "
            f"{len(a.failed_checks)} failing checks",
            highlight=False,
            markup=False,
        )
    for d in results.drift[:DRIFT_SHOWN]:
        out.print(
            f"drift {d.resource_id} {d.attribute}: terraform {d.terraform_value!r}, live {d.live_value!r}",
            highlight=False,
            markup=False,
        )
    if len(results.drift) > DRIFT_SHOWN:
        out.print(
            f"... {len(results.drift) - DRIFT_SHOWN} more drift entries in results.json", highlight=False
        )


def _regions(given: tuple[str, ...], endpoint_url: str | None) -> tuple[str, ...]:
    if ALL_REGIONS in given:
        if len(given) > 1:
            raise click.BadParameter("'all' cannot be combined with named regions", param_hint="--region")
        return (ALL_REGIONS,)
    if given:
        return tuple(given)
    return (default_region() or "us-east-1",) if is_local_endpoint(endpoint_url) else (ALL_REGIONS,)


def _request(o: dict[str, Any]) -> ScoreRequest:
    sources = tuple(o["sources"]) or _configured_sources(o)
    if not sources:
        raise click.UsageError(
            "no evidence source configured: pass --endpoint-url/--profile (live), "
            "--terraform-dir/--plan-json (terraform) or --repo (repository), or --source"
        )
    if "terraform" in sources and not (o["terraform_dir"] or o["plan_json"]):
        raise click.UsageError("--source terraform needs --terraform-dir DIR or --plan-json FILE")
    for flag in ("plan_json", "stopped_plan_json", "waivers_file", "baseline_file"):
        path = o[flag]
        if path is not None and not Path(path).is_file():
            raise click.BadParameter(
                f"file {path} does not exist", param_hint="--" + flag.replace("_file", "").replace("_", "-")
            )
    from coattail.review.gate import parse_min_scores

    try:
        min_scores = parse_min_scores(o["min_scores"])
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--min-score") from None
    repo = o["repo"] or Path.cwd()
    return ScoreRequest(
        sources=sources,
        regions=_regions(o["regions"], o["endpoint_url"]),
        profile=o["profile"],
        role_arns=tuple(o["role_arns"]),
        organization_role=o["organization_role"],
        endpoint_url=o["endpoint_url"],
        terraform_dir=o["terraform_dir"],
        plan_json=o["plan_json"],
        stopped_plan_json=o["stopped_plan_json"],
        tf_path_prefix=o["tf_path_prefix"],
        run_checkov=not o["no_checkov"],
        repo=Path(repo),
        review_profile=o["review_profile"],
        waivers_file=o["waivers_file"],
        output_dir=o["output_dir"],
        baseline_file=o["baseline_file"],
        fail_on_regression=o["fail_on_regression"],
        min_scores=min_scores,
        workers=o["workers"],
        max_attempts=o["max_attempts"],
        write_reports=not o["no_reports"],
        quiet=o["quiet"],
        as_of=parse_as_of(o["as_of"]),
    )


def _configured_sources(o: dict[str, Any]) -> tuple[str, ...]:
    found = []
    env_creds = os.environ.get("AWS_ACCESS_KEY_ID") or os.environ.get("AWS_PROFILE")
    if o["endpoint_url"] or o["profile"] or o["role_arns"] or o["organization_role"] or env_creds:
        found.append("live")
    if o["terraform_dir"] or o["plan_json"]:
        found.append("terraform")
    if o["repo"] or (Path.cwd() / ".git").exists():
        found.append("repository")
    return tuple(found)


# -- catalog ------------------------------------------------------------------------------------
@click.command()
@click.option("--pillar", "pillars", multiple=True, type=click.Choice([p.value for p in Pillar]))
@click.option("--service", "services", multiple=True, help="Service name (e.g. s3, iam). Repeatable.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def checks(pillars: Sequence[str], services: Sequence[str], fmt: str) -> None:
    """The check catalog, filterable by pillar and service."""
    metas = [c.meta for c in _load_checks()]
    metas = [
        m
        for m in metas
        if (not pillars or m.pillar.value in pillars)
        and (not services or m.service.lower() in {s.lower() for s in services})
    ]
    order = list(Pillar)
    metas.sort(key=lambda m: (order.index(m.pillar), m.id))
    if fmt == "json":
        click.echo(json.dumps([m.model_dump(mode="json") for m in metas], indent=2))
        return
    table = Table(title=f"ctc-review checks ({len(metas)})", show_lines=False)
    for col in ("id", "pillar", "best practice", "severity", "service", "title"):
        table.add_column(col, overflow="fold")
    for m in metas:
        claim = " (claim)" if m.kind == CheckKind.CLAIM else ""
        where = "" if m.verified_on == VerifiedOn.EMULATOR else f" [verified on {m.verified_on.value}]"
        table.add_row(m.id, m.pillar.title, m.bp_id, m.severity.value, m.service, m.title + claim + where)
    out.print(table)


@click.command()
@click.argument("check_id")
def explain(check_id: str) -> None:
    """What CHECK_ID looks at, why it matters and how to fix it."""
    loaded = {c.meta.id: c for c in _load_checks()}
    check = loaded.get(check_id)
    if check is None:
        close = difflib.get_close_matches(check_id, list(loaded), n=3)
        hint = f" Did you mean: {', '.join(close)}?" if close else " List them with `ctc-review checks`."
        raise click.BadParameter(f"no check {check_id!r}.{hint}", param_hint="CHECK_ID")
    m = check.meta
    out.print(f"[bold]{m.id}[/bold] — {m.title}")
    out.print(f"Pillar: {m.pillar.title}   Best practice: {m.bp_id}   Severity: {m.severity.value}")
    out.print(f"Service: {m.service}   Resource type: {m.resource_type}")
    out.print(f"\n[bold]Why[/bold]\n{m.rationale}")
    out.print(f"\n[bold]Remediation[/bold]\n{m.remediation}")
    if m.remediation_terraform:
        out.print("\n[bold]Terraform[/bold]")
        out.print(m.remediation_terraform, markup=False, highlight=False)
    defaults = dict(getattr(check, "defaults", {}) or {})
    if defaults:
        out.print("\n[bold]Parameters[/bold] (override in the review profile)")
        for k, v in defaults.items():
            out.print(f"  {k} = {v!r}", markup=False)
    if m.reference_url:
        out.print(f"\nReference: {m.reference_url}")


def results_schema() -> dict[str, Any]:
    from coattail.review.model import RESULTS_SCHEMA_VERSION

    schema = ReviewResults.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = (
        f"https://coat-tail-capital.example/ctc-review/results-{RESULTS_SCHEMA_VERSION}.schema.json"
    )
    schema["title"] = f"ctc-review results {RESULTS_SCHEMA_VERSION}"
    return schema


@click.command()
def schema() -> None:
    """Print the JSON schema of results.json (generated from review.model)."""
    click.echo(json.dumps(results_schema(), indent=2, sort_keys=True))


@click.command()
def permissions() -> None:
    """Print the least-privilege read-only IAM policy the live collector needs."""
    from coattail.review.collectors.live.permissions import read_only_policy

    click.echo(json.dumps(read_only_policy(), indent=2))


def register(cli: click.Group) -> None:
    """Add this module's commands to the ``ctc-review`` group."""
    for command in (score, checks, explain, schema, permissions):
        cli.add_command(command)
