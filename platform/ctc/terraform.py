"""Run Terraform for the project: offline provider mirror, per-folder data dir, JSON output parsing.

``Terraform(workdir, root)`` runs every command with ``-chdir=<root>`` and an environment whose
``TF_CLI_CONFIG_FILE`` and ``TF_DATA_DIR`` live in ``workdir``, so parallel runs never share
state. Errors surface as :class:`TerraformError` carrying Terraform's own diagnostics.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MIRROR_ENV = "CTC_TF_PLUGIN_MIRROR"
TERRAFORM_ENV = "CTC_TERRAFORM"

ProgressCallback = Callable[[dict[str, Any]], None]


class TerraformError(RuntimeError):
    """A Terraform command failed; ``diagnostics`` holds its error messages, one per line."""

    def __init__(self, command: str, diagnostics: list[str], returncode: int | None = None) -> None:
        self.command = command
        self.diagnostics = diagnostics
        self.returncode = returncode
        joined = "\n".join(f"  - {d}" for d in diagnostics) or "  (no diagnostics)"
        super().__init__(f"terraform {command} failed (exit {returncode}):\n{joined}")


def find_terraform() -> str:
    """The terraform binary: ``$CTC_TERRAFORM`` or the first ``terraform`` on PATH."""
    explicit = os.environ.get(TERRAFORM_ENV)
    found = explicit or shutil.which("terraform")
    if not found or not Path(found).exists():
        raise TerraformError(
            "(locate)",
            [f"terraform not found (set {TERRAFORM_ENV} or put terraform >= 1.5 on PATH)"],
        )
    return found


def find_plugin_mirror() -> Path | None:
    """The provider filesystem mirror: ``$CTC_TF_PLUGIN_MIRROR`` or a ``/*/tf-plugins`` folder."""
    explicit = os.environ.get(MIRROR_ENV)
    if explicit:
        path = Path(explicit)
        if not path.is_dir():
            raise TerraformError("(mirror)", [f"{MIRROR_ENV}={explicit} is not a directory"])
        return path
    for candidate in sorted(Path("/").glob("*/tf-plugins")):
        if candidate.is_dir():
            return candidate
    return None


def cli_config_text(mirror: Path | None) -> str:
    """A Terraform CLI config installing providers from ``mirror`` (registry when None)."""
    if mirror is None:
        return "# no filesystem mirror found: providers come from the registry\n"
    return (
        "provider_installation {\n"
        "  filesystem_mirror {\n"
        f"    path    = {json.dumps(str(mirror))}\n"
        '    include = ["registry.terraform.io/*/*"]\n'
        "  }\n"
        "  direct {\n"
        '    exclude = ["registry.terraform.io/*/*"]\n'
        "  }\n"
        "}\n"
    )


@dataclass
class Terraform:
    """Terraform commands on the module in ``root``, with its CLI config and data under ``workdir``."""

    workdir: Path
    root: Path
    binary: str = field(default_factory=find_terraform)
    parallelism: int = 30
    timings: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.workdir = Path(self.workdir).resolve()
        self.root = Path(self.root).resolve()
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.cli_config = self.workdir / "terraform.rc"
        self.data_dir = self.workdir / "tf-data"
        self.cli_config.write_text(cli_config_text(find_plugin_mirror()))

    # ------------------------------------------------------------ environment
    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            TF_CLI_CONFIG_FILE=str(self.cli_config),
            TF_DATA_DIR=str(self.data_dir),
            TF_IN_AUTOMATION="1",
            TF_INPUT="0",
            CHECKPOINT_DISABLE="1",
            AWS_EC2_METADATA_DISABLED="true",
        )
        for leaking in ("TF_WORKSPACE", "AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_SESSION_TOKEN"):
            env.pop(leaking, None)
        return env

    # --------------------------------------------------------------- commands
    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run ``terraform -chdir=<root> <args>`` and capture its output."""
        started = time.monotonic()
        proc = subprocess.run(
            [self.binary, f"-chdir={self.root}", *args],
            env=self.env(),
            capture_output=True,
            text=True,
            check=False,
        )
        self.timings[args[0]] = self.timings.get(args[0], 0.0) + time.monotonic() - started
        if check and proc.returncode != 0:
            raise TerraformError(args[0], parse_text_errors(proc.stderr + proc.stdout), proc.returncode)
        return proc

    def run_json(
        self, *args: str, progress: ProgressCallback | None = None, ok_codes: Iterable[int] = (0,)
    ) -> tuple[int, list[dict[str, Any]]]:
        """Run a command with ``-json`` streaming output; returns (exit code, messages)."""
        started = time.monotonic()
        messages: list[dict[str, Any]] = []
        with subprocess.Popen(
            [self.binary, f"-chdir={self.root}", args[0], "-json", *args[1:]],
            env=self.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        ) as proc:
            assert proc.stdout is not None and proc.stderr is not None
            for line in proc.stdout:
                try:
                    message = json.loads(line)
                except json.JSONDecodeError:
                    message = {"type": "text", "@message": line.rstrip()}
                messages.append(message)
                if progress is not None:
                    progress(message)
            stderr = proc.stderr.read()
            code = proc.wait()
        self.timings[args[0]] = self.timings.get(args[0], 0.0) + time.monotonic() - started
        if code not in tuple(ok_codes):
            diagnostics = json_diagnostics(messages) or parse_text_errors(stderr)
            raise TerraformError(args[0], diagnostics, code)
        return code, messages

    def init(self) -> None:
        self.run("init", "-input=false", "-no-color", "-upgrade=false")

    def apply(self, var_args: list[str], progress: ProgressCallback | None = None) -> None:
        self.run_json(
            "apply", "-auto-approve", "-input=false", f"-parallelism={self.parallelism}", *var_args,
            progress=progress,
        )  # fmt: skip

    def apply_plan(self, plan_file: Path, progress: ProgressCallback | None = None) -> None:
        """Apply a saved plan: exactly the changes that were reviewed, nothing planned since."""
        self.run_json(
            "apply", "-input=false", f"-parallelism={self.parallelism}", str(plan_file), progress=progress
        )

    def destroy(self, var_args: list[str], progress: ProgressCallback | None = None) -> None:
        self.run_json(
            "destroy", "-auto-approve", "-input=false", f"-parallelism={self.parallelism}", *var_args,
            progress=progress,
        )  # fmt: skip

    def plan(self, var_args: list[str], plan_file: Path) -> bool:
        """``plan -detailed-exitcode -out``; True when the plan has changes."""
        code, _ = self.run_json(
            "plan", "-input=false", "-detailed-exitcode", f"-parallelism={self.parallelism}",
            f"-out={plan_file}", *var_args, ok_codes=(0, 2),
        )  # fmt: skip
        return code == 2

    def show_json(self, plan_file: Path | None = None) -> dict[str, Any]:
        """``terraform show -json`` of a plan file, or of the current state when None."""
        args = ["show", "-json", "-no-color"] + ([str(plan_file)] if plan_file else [])
        return json.loads(self.run(*args).stdout or "{}")

    def output_json(self) -> dict[str, Any]:
        """Outputs as plain values (``{"name": value}``)."""
        raw = json.loads(self.run("output", "-json", "-no-color").stdout or "{}")
        return {name: entry.get("value") for name, entry in raw.items()}

    def state_resources(self) -> list[str]:
        proc = self.run("state", "list", check=False)
        if proc.returncode != 0:
            return []
        return [line for line in proc.stdout.splitlines() if line.strip()]


def changed_addresses(plan: dict[str, Any]) -> list[str]:
    """Addresses of resources whose planned actions are anything but no-op/read."""
    changed = []
    for change in plan.get("resource_changes", []):
        actions = change.get("change", {}).get("actions", [])
        if any(a not in ("no-op", "read") for a in actions):
            changed.append(f"{change['address']} ({'/'.join(actions)})")
    return changed


def json_diagnostics(messages: list[dict[str, Any]]) -> list[str]:
    """Error diagnostics of a ``-json`` run as readable lines: ``address: summary: detail``."""
    found = []
    for message in messages:
        diagnostic = message.get("diagnostic")
        if message.get("type") != "diagnostic" or not diagnostic or diagnostic.get("severity") != "error":
            continue
        where = diagnostic.get("address") or (diagnostic.get("range") or {}).get("filename", "")
        detail = " ".join(str(diagnostic.get("detail", "")).split())
        parts = [p for p in (where, diagnostic.get("summary", ""), detail[:600]) if p]
        found.append(": ".join(parts))
    return found


def parse_text_errors(text: str) -> list[str]:
    """Pull the ``Error: ...`` blocks out of Terraform's human output."""
    errors: list[str] = []
    current: list[str] | None = None
    for raw in text.splitlines():
        line = raw.strip("│╷╵ ").strip()
        if line.startswith("Error:"):
            if current:
                errors.append(" ".join(current))
            current = [line[len("Error:") :].strip()]
        elif current is not None:
            if line:
                current.append(line)
            elif len(current) > 1:
                errors.append(" ".join(current))
                current = None
    if current:
        errors.append(" ".join(current))
    if not errors and text.strip():
        errors = [" ".join(text.strip().splitlines()[-5:])]
    return [e[:800] for e in errors]
