"""The project gates itself: its own Terraform and repository scored against ``review/baselines/self.json``.

The Terraform source is a plan of the checkout's ``platform/infra`` made against a throwaway local
emulator (the provider needs an endpoint to plan; nothing is applied), read as ``terraform show -json``.
"""

from __future__ import annotations

import json
from pathlib import Path

SELF_BASELINE = Path("review") / "baselines" / "self.json"  # relative to the repository
INFRA = Path("platform") / "infra"


def checkout(repo: Path) -> Path:
    """``repo`` when it is a Coat Tail Capital checkout (its Terraform root is there), else a clear error."""
    repo = repo.resolve()
    if not any((repo / INFRA).glob("*.tf")):
        raise FileNotFoundError(
            f"{repo} is not a Coat Tail Capital checkout (no {INFRA}/*.tf): run from the clone or pass --repo"
        )
    return repo


def plan_project_terraform(workdir: Path, out_file: Path, repo: Path) -> Path:
    """``terraform plan`` of the checkout's module in a fresh emulator -> ``terraform show -json``."""
    from coattail.cli.local import Deployment
    from coattail.emulator.server import EmulatorServer

    with EmulatorServer(port=0, log_dir=workdir / "emulator") as server:
        deployment = Deployment(
            endpoint_url=server.endpoint_url, workdir=workdir / "terraform", source=repo / INFRA
        )
        deployment.prepare()
        deployment.terraform.init()
        plan_file = workdir / "self.tfplan"
        deployment.terraform.plan([], plan_file)
        document = deployment.terraform.show_json(plan_file)
    out_file.write_text(json.dumps(document), encoding="utf-8")
    return out_file
