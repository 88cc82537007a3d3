"""The platform's run state (``started`` / ``stopped``) switched through its own Terraform.

The root module's ``local.run_state`` decides whether what bills by the hour while idle (the
Kinesis streams) exists. It is read from ``ctc_run_state.json`` beside the module rather than
being an input variable (the seed fixes the root's interface at 12 variables). The scripts record
the chosen state there, so a plain ``terraform plan`` shows no changes in either state, then plan,
check that the plan touches nothing but the run-state resources (unrelated drift is never applied
on the side: the operator reviews it), and apply exactly that plan.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coattail.cli.terraform import Terraform, TerraformError, changed_addresses

RUN_STATE_FILE = "ctc_run_state.json"
RUN_STATES = ("started", "stopped")
TERRAFORM_DIR_ENV = "CTC_TERRAFORM_DIR"
#: Resources the run state adds or removes; any other planned change stops the switch.
RUN_STATE_RESOURCES = re.compile(r"^module\.kinesis\.aws_kinesis_stream\.(trades|dlq)(\[0\])? ")


class RunStateError(RuntimeError):
    """The run state cannot be switched (the reason is the message)."""


@dataclass(frozen=True)
class Switch:
    state: str
    changes: tuple[str, ...]  # planned changes that were applied ("address (action)")


def terraform_for(root: Path) -> Terraform:
    """Terraform on ``root``: a ``ctc local`` deployment (its data dir beside the module copy) or an
    operator's initialised root (``.terraform`` inside it)."""
    root = root.resolve()
    if not any(root.glob("*.tf")):
        raise RunStateError(f"no Terraform root module (*.tf) in {root} (set {TERRAFORM_DIR_ENV})")
    if (root.parent / "tf-data").is_dir() and (root.parent / "terraform.rc").is_file():
        return Terraform(workdir=root.parent, root=root)
    if not (root / ".terraform").is_dir():
        raise RunStateError(f"{root} is not initialised: run `terraform -chdir={root} init` first")
    tf = Terraform(workdir=root / ".terraform" / "ctc-ops", root=root)
    tf.data_dir = root / ".terraform"
    if "TF_CLI_CONFIG_FILE" in os.environ:  # the operator's own provider installation wins
        tf.cli_config = Path(os.environ["TF_CLI_CONFIG_FILE"])
    return tf


def recorded_state(root: Path) -> str:
    """The state the scripts last chose for ``root`` (``started`` when none was recorded)."""
    path = root / RUN_STATE_FILE
    if not path.is_file():
        return "started"
    return str(json.loads(path.read_text(encoding="utf-8")).get("run_state", "started"))


def unrelated(changes: list[str]) -> list[str]:
    return [c for c in changes if not RUN_STATE_RESOURCES.match(c)]


@dataclass(frozen=True)
class _Recorded:
    """``state`` written to a root's run-state file, with what the file held before (to restore)."""

    path: Path
    previous: str | None

    @classmethod
    def write(cls, root: Path, state: str) -> _Recorded:
        if state not in RUN_STATES:
            raise RunStateError(f"run state must be one of {', '.join(RUN_STATES)}, not {state!r}")
        path = root / RUN_STATE_FILE
        previous = path.read_text(encoding="utf-8") if path.is_file() else None
        path.write_text(json.dumps({"run_state": state}, indent=2) + "\n", encoding="utf-8")
        return cls(path, previous)

    def restore(self) -> None:
        if self.previous is None:
            self.path.unlink(missing_ok=True)
        else:
            self.path.write_text(self.previous, encoding="utf-8")


def planned(
    root: Path, state: str, terraform: Terraform | None = None, refresh: bool = False
) -> dict[str, Any]:
    """``terraform show -json`` of a plan of ``state`` (nothing applied; the recorded state is left as
    it was): what switching to it would change. The review reads the stopped one."""
    tf = terraform or terraform_for(root)
    recorded = _Recorded.write(root, state)
    try:
        with tempfile.TemporaryDirectory(prefix="ctc-run-state-") as scratch:
            plan_file = Path(scratch) / "planned.tfplan"
            tf.plan([] if refresh else ["-refresh=false"], plan_file)
            return tf.show_json(plan_file)
    finally:
        recorded.restore()


def switch(root: Path, state: str, terraform: Terraform | None = None) -> Switch:
    """Record ``state`` for ``root`` and apply it; raises :class:`RunStateError` (the recorded
    state left as it was) when the plan would change anything else."""
    if state not in RUN_STATES:
        raise RunStateError(f"run state must be one of {', '.join(RUN_STATES)}, not {state!r}")
    tf = terraform or terraform_for(root)
    recorded = _Recorded.write(root, state)
    with tempfile.TemporaryDirectory(prefix="ctc-run-state-") as scratch:
        plan_file = Path(scratch) / "run-state.tfplan"
        try:
            if not tf.plan([], plan_file):
                return Switch(state, ())
            changes = changed_addresses(tf.show_json(plan_file))
            others = unrelated(changes)
            if others:
                raise RunStateError(
                    f"terraform plan for run_state={state} also changes {len(others)} other resource(s): "
                    + ", ".join(others)
                    + f". Review and apply them first (terraform -chdir={root} plan)."
                )
        except (RunStateError, TerraformError):
            recorded.restore()  # nothing was applied: the recorded state stays what the account is in
            raise
        # a failed apply keeps the new state recorded: running the script again finishes it
        tf.apply_plan(plan_file)
        return Switch(state, tuple(changes))
