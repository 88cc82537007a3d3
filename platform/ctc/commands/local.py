"""`ctc local up|down|status`: the platform in a local AWS emulator, deployed by its own Terraform."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from coattail.cli.local import LocalStack
from coattail.cli.options import require_extras
from coattail.cli.terraform import TerraformError

DEFAULT_WORKDIR = Path(".local")
console = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)

workdir_option = click.option(
    "--workdir",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_WORKDIR,
    show_default=True,
    envvar="CTC_LOCAL_WORKDIR",
    help="Folder holding the emulator state, Terraform state and build files.",
)


@click.group(name="local")
def group() -> None:
    """Run the whole platform in a local AWS emulator (moto server + the real Terraform)."""
    require_extras("emulator")


class _ApplyProgress:
    """Turns Terraform's JSON messages into a rich status line on a terminal."""

    def __init__(self, status: Any) -> None:
        self.status = status
        self.done = 0

    def __call__(self, message: dict[str, Any]) -> None:
        kind = message.get("type")
        if kind == "apply_complete":
            self.done += 1
            address = message.get("hook", {}).get("resource", {}).get("addr", "")
            self.status.update(f"terraform: {self.done} resources done, last {address}")
        elif kind == "change_summary" and self.status is not None:
            self.status.update(f"terraform: {message.get('@message', '')}")


def _progress_run(label: str, action: Any) -> Any:
    if console.is_terminal:
        with console.status(label) as status:
            return action(_ApplyProgress(status), lambda msg: status.update(msg))
    return action(None, lambda msg: console.print(f"[dim]{msg}[/dim]"))


@group.command()
@click.option("--port", type=int, default=0, show_default=True, help="Emulator port (0 = a free port).")
@workdir_option
@click.option("--json", "as_json", is_flag=True, help="Print the outputs as JSON on stdout.")
@click.option(
    "--with-data",
    is_flag=True,
    help="Then run simulator + producer + streaming job + API/dashboard until Ctrl-C, "
    "and tear everything down on exit (emulator included).",
)
@click.option(
    "--api-port", type=int, default=8080, show_default=True, help="Dashboard/API port (--with-data)."
)
@click.option("--rate", type=float, default=20.0, show_default=True, help="Simulator trades/s (--with-data).")
def up(port: int, workdir: Path, as_json: bool, with_data: bool, api_port: int, rate: float) -> None:
    """Start the emulator, build the Lambda zips and terraform apply the platform into it."""
    stack = LocalStack(workdir)
    try:
        deployment, timings = _progress_run(
            "deploying the platform",
            lambda progress, step: stack.up(port=port, progress=progress, on_step=step),
        )
    except (TerraformError, FileNotFoundError, RuntimeError) as exc:
        console.print(f"[red]ctc local up failed:[/red] {exc}")
        console.print(f"The emulator may still be running: `ctc local down --workdir {workdir}` cleans up.")
        sys.exit(1)
    if as_json:
        click.echo(json.dumps(deployment.outputs, default=str, indent=2))
    else:
        table = Table(title="Platform outputs", show_lines=False)
        table.add_column("output", style="cyan")
        table.add_column("value")
        for name, value in sorted(deployment.outputs.items()):
            table.add_row(name, value if isinstance(value, str) else json.dumps(value))
        out.print(table)
    state = stack.read_state()
    console.print(
        f"[green]deployed[/green] {deployment.resource_count()} resources into "
        f"{state['emulator']['endpoint_url']} in {timings['total']:.1f}s "
        f"(terraform apply {timings.get('apply', 0.0):.1f}s)"
    )
    slow = ", ".join(f"{address} {seconds:.0f}s" for address, seconds in deployment.slowest(3))
    if slow:
        console.print(f"slowest resources (the provider's waiters): {slow}")
    console.print(f"export CTC_ENDPOINT_URL={state['emulator']['endpoint_url']}")
    if with_data:
        _run_with_data(stack, state["emulator"]["endpoint_url"], workdir, api_port, rate)


def _run_with_data(stack: LocalStack, endpoint_url: str, workdir: Path, api_port: int, rate: float) -> None:
    """Data flowing through the deployed platform until Ctrl-C; then stop all that `up` started."""
    from coattail.cli.stack import DataStack

    # Component logs go to a temporary folder: they outlive the teardown for a post-mortem.
    data = DataStack(endpoint_url=endpoint_url, api_port=api_port, simulator_rate=rate)
    try:
        data.run_until_interrupted(echo=console.print)
    except KeyboardInterrupt:  # Ctrl-C while the stack was still starting: same clean stop
        console.print("interrupted while starting; the components started so far were stopped")
    finally:
        console.print("tearing down the deployment and the emulator")
        stack.down(progress=None, on_step=lambda msg: console.print(f"[dim]{msg}[/dim]"), force=True)
        console.print(f"component logs kept in {data.folder}")


@group.command()
@workdir_option
@click.option("--force", is_flag=True, help="Stop the emulator and remove the state even if destroy fails.")
def down(workdir: Path, force: bool) -> None:
    """Destroy the deployment, stop the emulator and remove the local state."""
    stack = LocalStack(workdir)
    if not stack.state_file.exists():
        console.print(f"nothing running (no {stack.state_file})")
        return
    try:
        _progress_run(
            "tearing down", lambda progress, step: stack.down(progress=progress, on_step=step, force=force)
        )
    except TerraformError as exc:
        console.print(f"[red]terraform destroy failed:[/red] {exc}")
        console.print("`ctc local down --force` stops the emulator and removes the state anyway.")
        sys.exit(1)
    console.print("[green]stopped[/green]: emulator stopped, deployment and local state removed")


@group.command()
@workdir_option
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON.")
def status(workdir: Path, as_json: bool) -> None:
    """Say what is running: emulator pid/port/liveness and the deployed resource count."""
    info = LocalStack(workdir).status()
    if as_json:
        click.echo(json.dumps(info.__dict__))
        return
    if info.emulator_pid is None:
        out.print(f"emulator: not running (no state in {workdir})")
        return
    alive = "[green]alive[/green]" if info.emulator_alive else "[red]not running[/red]"
    out.print(f"emulator: pid {info.emulator_pid} at {info.endpoint_url} — {alive}")
    deployed = f", deployed {info.deployed_at} in {info.deploy_seconds}s" if info.deployed_at else ""
    out.print(f"deployment: {info.resource_count} resources{deployed}")
