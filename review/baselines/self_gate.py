"""The project gates itself: its own Terraform and repository scored against ``self.json``.

The Terraform source is a plan of ``platform/infra`` made against a throwaway local emulator
(the provider needs an endpoint to plan; nothing is applied), read as ``terraform show -json``,
with resources located in the repository's ``.tf`` files and checkov run on the same folder.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
SELF_BASELINE = Path(__file__).with_name("self.json")


def plan_project_terraform(workdir: Path, out_file: Path, repo: Path = REPO_ROOT) -> Path:
    """``terraform plan`` of the project's module in a fresh emulator -> ``terraform show -json``."""
    from ctc.local import Deployment
    from emulator.server import EmulatorServer

    with EmulatorServer(port=0, log_dir=workdir / "emulator") as server:
        deployment = Deployment(
            endpoint_url=server.endpoint_url,
            workdir=workdir / "terraform",
            source=repo / "platform" / "infra",
        )
        deployment.prepare()
        deployment.terraform.init()
        plan_file = workdir / "self.tfplan"
        deployment.terraform.plan([], plan_file)
        document = deployment.terraform.show_json(plan_file)
    out_file.write_text(json.dumps(document), encoding="utf-8")
    return out_file


def score_args(plan_json: Path, output_dir: Path, baseline: Path | None, repo: Path = REPO_ROOT) -> list[str]:
    args = [
        "--source", "terraform", "--source", "repository",
        "--terraform-dir", str(repo / "platform" / "infra"), "--plan-json", str(plan_json),
        "--repo", str(repo),
        "--output-dir", str(output_dir), "--region", "us-east-1",
    ]  # fmt: skip
    if baseline is not None:
        args += ["--baseline", str(baseline), "--fail-on-regression"]
    return args


def scratch_dir() -> Path:
    return Path(tempfile.mkdtemp(prefix="ctc-self-gate-"))
