"""The platform deployed by its own Terraform into the local emulator.

``Deployment(endpoint_url, workdir)`` copies ``platform/infra`` into ``<workdir>/infra`` (so the
source tree is never written and parallel sessions never collide), adds the generated provider
override, builds the Lambda zips and runs Terraform there with its own CLI config and data dir.

``LocalStack(workdir)`` is what ``ctc local up/down/status`` drive: an emulator process that
outlives the CLI plus a deployment, both recorded in ``<workdir>/state.json``.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coattail.cli import lambda_build, run_state
from coattail.cli.run_state import RUN_STATE_FILE
from coattail.cli.terraform import ProgressCallback, Terraform, TerraformError, changed_addresses
from coattail.cli.tf_override import write_override

INFRA_ENV = "CTC_INFRA_DIR"
TFVARS_FILE = "ctc_local.auto.tfvars.json"
_KEEP_IN_COPY = {"terraform.tfstate", "terraform.tfstate.backup", ".terraform.lock.hcl", RUN_STATE_FILE}
_VARIABLE = re.compile(r'^\s*variable\s+"([^"]+)"', re.MULTILINE)
_SKIP_FROM_SOURCE = {".terraform", "build", "terraform.tfstate", "terraform.tfstate.backup", RUN_STATE_FILE}


def bundled_infra_dir() -> Path:
    """The Terraform root module shipped with the package (``coattail.infra``, from ``platform/infra``)."""
    spec = importlib.util.find_spec("coattail.infra")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"the installed package has no coattail.infra Terraform (set {INFRA_ENV})")
    return Path(next(iter(spec.submodule_search_locations)))


def source_infra_dir() -> Path:
    infra = Path(os.environ.get(INFRA_ENV) or bundled_infra_dir())
    if not any(infra.glob("*.tf")):
        raise FileNotFoundError(f"no Terraform root module (*.tf) in {infra} (set {INFRA_ENV} to override)")
    return infra


class Deployment:
    """The whole platform applied into the emulator at ``endpoint_url``; state lives in ``workdir``."""

    def __init__(
        self,
        endpoint_url: str,
        workdir: Path | str,
        source: Path | None = None,
        variables: dict[str, Any] | None = None,
    ) -> None:
        self.endpoint_url = endpoint_url
        #: Root variables written to the variables file beside the local ones (``options``: the
        #: cost-adding options); the next apply or plan uses them.
        self.variables: dict[str, Any] = dict(variables or {})
        self.workdir = Path(workdir).resolve()
        self._source = source
        self.root = self.workdir / "infra"
        self.build_dir = self.root / "build"
        self.state_path = self.root / "terraform.tfstate"
        self.outputs: dict[str, Any] = {}
        self.timings: dict[str, float] = {}
        self.errors: list[str] = []
        self.resource_seconds: dict[str, float] = {}  # apply time per resource address
        self._tf: Terraform | None = None

    # ------------------------------------------------------------ preparation
    @property
    def source(self) -> Path:
        if self._source is None:
            self._source = source_infra_dir()
        return self._source

    @property
    def terraform(self) -> Terraform:
        if self._tf is None:
            self._tf = Terraform(workdir=self.workdir, root=self.root)
        return self._tf

    def prepare(self) -> None:
        """Refresh the copy of the module, the override, the zips and the variables file."""
        started = time.monotonic()
        self.root.mkdir(parents=True, exist_ok=True)
        for entry in self.root.iterdir():
            if entry.name in _KEEP_IN_COPY:
                continue
            shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
        shutil.copytree(
            self.source,
            self.root,
            dirs_exist_ok=True,
            ignore=lambda _d, names: [
                n for n in names if n in _SKIP_FROM_SOURCE or n.endswith("_override.tf")
            ],
        )
        write_override(self.root, self.endpoint_url, self.state_path)
        lambda_build.build_packages(self.build_dir)
        self._write_variables(self.declared_variables())
        self.timings["prepare"] = time.monotonic() - started

    def _write_variables(self, declared: set[str]) -> None:
        unknown = sorted(set(self.variables) - declared)
        if unknown:
            raise ValueError(f"the platform's Terraform declares no variable {', '.join(unknown)}")
        values = {"lambda_package_dir": str(self.build_dir), **self.variables}
        (self.root / TFVARS_FILE).write_text(
            json.dumps({k: v for k, v in values.items() if k in declared}, indent=2)
        )

    def recovery_drill(self) -> Any:
        """Run the lakehouse recovery drill (RUNBOOK 5.3, ``coattail.jobs.recovery``) in the deployed
        platform: its record on the ``recovery_drill`` table is what the review's
        ``iceberg_recovery_drill_recent`` reads. Returns the drill's result."""
        from coattail.core.aws import AwsTarget
        from coattail.jobs.recovery import run_platform_drill

        started = time.monotonic()
        result = run_platform_drill(
            AwsTarget(endpoint_url=self.endpoint_url),
            str(self.variables.get("project", "ctc")),
            str(self.variables.get("environment", "dev")),
        )
        self.timings["drill"] = time.monotonic() - started
        return result

    def set_variables(self, variables: dict[str, Any]) -> None:
        """Use ``variables`` from the next apply or plan on (``{}``: the defaults again)."""
        self._ensure_prepared()
        self.variables = dict(variables)
        self._write_variables(self.declared_variables())

    def declared_variables(self) -> set[str]:
        return {m.group(1) for tf in self.root.glob("*.tf") for m in _VARIABLE.finditer(tf.read_text())}

    def _init(self) -> None:
        """``terraform init`` every time: cheap with the local mirror, and it picks up modules
        added to the source since the last run."""
        started = time.monotonic()
        self.terraform.init()
        self.timings["init"] = time.monotonic() - started

    # ---------------------------------------------------------------- actions
    def apply(self, progress: ProgressCallback | None = None, retries: int = 1) -> dict[str, Any]:
        """init (once) + apply; stores and returns the outputs as plain values.

        A failed apply is retried ``retries`` times: on a loaded machine the emulator can drop a
        request, and a second apply only creates what the first one did not.
        """
        self.prepare()
        self._init()
        started = time.monotonic()

        def observe(message: dict[str, Any]) -> None:
            hook = message.get("hook") or {}
            if message.get("type") == "apply_complete" and "elapsed_seconds" in hook:
                self.resource_seconds[hook.get("resource", {}).get("addr", "?")] = hook["elapsed_seconds"]
            if progress is not None:
                progress(message)

        for attempt in range(retries + 1):
            try:
                self.terraform.apply([], progress=observe)
                break
            except TerraformError as exc:
                self.errors.append(str(exc))
                if attempt == retries:
                    raise
        self.timings["apply"] = time.monotonic() - started
        self.outputs = self.terraform.output_json()
        return self.outputs

    def slowest(self, count: int = 5) -> list[tuple[str, float]]:
        """The resources whose create/update took longest in the last apply."""
        return sorted(self.resource_seconds.items(), key=lambda item: -item[1])[:count]

    def _ensure_prepared(self) -> None:
        """Keep the configuration that was applied (edits to the source since then are not mixed
        in); prepare a copy only when there is none."""
        if not (self.root / TFVARS_FILE).exists():
            self.prepare()

    def plan_changes(self) -> list[str]:
        """Addresses (with actions) of resources a new plan of the applied configuration would
        change; [] when the deployment has converged."""
        self._ensure_prepared()
        self._init()
        plan_file = self.workdir / "ctc-local.tfplan"
        started = time.monotonic()
        try:
            has_changes = self.terraform.plan([], plan_file)
            changes = changed_addresses(self.terraform.show_json(plan_file)) if has_changes else []
        finally:
            plan_file.unlink(missing_ok=True)
        self.timings["plan"] = time.monotonic() - started
        return changes

    def stopped_plan(self) -> dict[str, Any]:
        """``terraform show -json`` of a plan of the stopped state, planned on the recorded state
        without refreshing it: what ``scripts/stop.sh`` would remove (nothing is applied)."""
        self._ensure_prepared()
        self._init()
        return run_state.planned(self.root, "stopped", self.terraform)

    def destroy(self, progress: ProgressCallback | None = None, refresh: bool = True) -> None:
        """``terraform destroy``; ``refresh=False`` trusts the state (skips reading ~100 resources)."""
        if not self.state_path.exists():
            return
        self._ensure_prepared()
        self._init()
        started = time.monotonic()
        self.terraform.destroy([] if refresh else ["-refresh=false"], progress=progress)
        self.timings["destroy"] = time.monotonic() - started
        self.outputs = {}

    def resource_addresses(self) -> list[str]:
        if not self.state_path.exists():
            return []
        return self.terraform.state_resources()

    def resource_count(self) -> int:
        """Managed resources recorded in the state file (read without running Terraform)."""
        if not self.state_path.exists():
            return 0
        state = json.loads(self.state_path.read_text() or "{}")
        return sum(
            len(r.get("instances", [])) for r in state.get("resources", []) if r.get("mode") == "managed"
        )

    def remove_files(self) -> None:
        """Delete the copy, state, CLI config and provider data (after a destroy)."""
        for path in (self.root, self.terraform.data_dir):
            shutil.rmtree(path, ignore_errors=True)
        self.terraform.cli_config.unlink(missing_ok=True)


# ------------------------------------------------------------------- ctc local
STATE_FILE = "state.json"


@dataclass
class LocalStatus:
    emulator_pid: int | None
    endpoint_url: str | None
    emulator_alive: bool
    resource_count: int
    deployed_at: str | None
    deploy_seconds: float | None


class LocalStack:
    """Emulator + deployment for ``ctc local``; remembered in ``<workdir>/state.json``."""

    def __init__(self, workdir: Path | str) -> None:
        self.workdir = Path(workdir).resolve()
        self.state_file = self.workdir / STATE_FILE

    def read_state(self) -> dict[str, Any]:
        if not self.state_file.exists():
            return {}
        return json.loads(self.state_file.read_text() or "{}")

    def write_state(self, state: dict[str, Any]) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        tmp = self.state_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(state, indent=2, sort_keys=True))
        tmp.replace(self.state_file)

    def emulator(self) -> Any:
        from coattail.emulator.server import EmulatorServer

        state = self.read_state().get("emulator")
        return EmulatorServer.from_state(state) if state else None

    def deployment(self, endpoint_url: str) -> Deployment:
        return Deployment(endpoint_url=endpoint_url, workdir=self.workdir / "terraform")

    def up(
        self,
        port: int = 0,
        progress: ProgressCallback | None = None,
        on_step: Callable[[str], None] | None = None,
    ) -> tuple[Deployment, dict[str, float]]:
        """Start (or reuse) the emulator, then build and apply; returns the deployment and timings."""
        from coattail.emulator.server import EmulatorServer

        step = on_step or (lambda _msg: None)
        timings: dict[str, float] = {}
        started = time.monotonic()
        server = self.emulator()
        if server is not None and server.is_alive() and server.ready():
            step(f"emulator already running at {server.endpoint_url} (pid {server.pid})")
        else:
            server = EmulatorServer(port=port, log_dir=self.workdir / "emulator")
            step("starting the emulator")
            server.start()
            self.write_state({**self.read_state(), "emulator": server.to_state()})
        timings["emulator"] = time.monotonic() - started
        deployment = self.deployment(server.endpoint_url)
        step(f"terraform apply against {server.endpoint_url}")
        deployment.apply(progress=progress)
        step("recovery drill: corrupt, roll back and verify the lakehouse's scratch table (RUNBOOK 5.3)")
        deployment.recovery_drill()
        timings.update(deployment.timings)
        timings["total"] = time.monotonic() - started
        self.write_state(
            {
                **self.read_state(),
                "deployed_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "deploy_seconds": round(timings["total"], 1),
                "outputs": deployment.outputs,
            }
        )
        return deployment, timings

    def down(
        self,
        progress: ProgressCallback | None = None,
        on_step: Callable[[str], None] | None = None,
        force: bool = False,
    ) -> None:
        """Destroy the deployment, stop the emulator, remove every file ``up`` created.

        With ``force`` a failed destroy is reported through ``on_step`` and the rest goes ahead
        (the emulator keeps everything in memory, so stopping it discards what is left).
        """
        step = on_step or (lambda _msg: None)
        server = self.emulator()
        if server is not None and server.is_alive():
            deployment = self.deployment(server.endpoint_url)
            if deployment.state_path.exists():
                step("terraform destroy")
                try:
                    # the state was written against this emulator: no need to re-read it all
                    deployment.destroy(progress=progress, refresh=False)
                except TerraformError as exc:
                    if not force:
                        raise
                    step(f"destroy failed, going on (--force): {exc}")
            step(f"stopping the emulator (pid {server.pid})")
            server.stop()
        shutil.rmtree(self.workdir / "terraform", ignore_errors=True)
        shutil.rmtree(self.workdir / "emulator", ignore_errors=True)
        self.state_file.unlink(missing_ok=True)
        if self.workdir.exists() and not any(self.workdir.iterdir()):
            self.workdir.rmdir()

    def status(self) -> LocalStatus:
        state = self.read_state()
        server = self.emulator()
        alive = bool(server is not None and server.is_alive())
        count = self.deployment(server.endpoint_url).resource_count() if server is not None else 0
        return LocalStatus(
            emulator_pid=server.pid if server is not None else None,
            endpoint_url=server.endpoint_url if server is not None else None,
            emulator_alive=alive,
            resource_count=count,
            deployed_at=state.get("deployed_at"),
            deploy_seconds=state.get("deploy_seconds"),
        )
