"""Helpers for the infrastructure tests: Terraform through the offline provider mirror, checkov.

Terraform runs on a copy of platform/infra in a temp folder, so the tests never write
.terraform/ or lock files into the working tree that other tests deploy from.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
INFRA_DIR = REPO_ROOT / "platform" / "infra"
SUPPRESSIONS_FILE = INFRA_DIR / "checkov-suppressions.yaml"
MIRROR_CANDIDATES = (os.environ.get("CTC_TF_PLUGIN_MIRROR", ""), "/opt/tf-plugins", "/tf-plugins")


def provider_mirror() -> Path | None:
    """The filesystem mirror of hashicorp/aws, if this machine has one (offline machines do)."""
    for candidate in MIRROR_CANDIDATES:
        if candidate and (Path(candidate) / "registry.terraform.io").is_dir():
            return Path(candidate)
    return None


def terraform_env(workdir: Path) -> dict[str, str]:
    """Environment for terraform: own data dir, and a CLI config using the mirror when present."""
    env = dict(os.environ)
    env["TF_DATA_DIR"] = str(workdir / ".terraform-data")
    env["TF_IN_AUTOMATION"] = "1"
    env["CHECKPOINT_DISABLE"] = "1"
    mirror = provider_mirror()
    if mirror is not None:
        rc = workdir / "terraform.rc"
        rc.write_text(
            "provider_installation {\n"
            f'  filesystem_mirror {{\n    path    = "{mirror}"\n'
            '    include = ["registry.terraform.io/*/*"]\n  }\n'
            '  direct {\n    exclude = ["registry.terraform.io/*/*"]\n  }\n}\n'
        )
        env["TF_CLI_CONFIG_FILE"] = str(rc)
    return env


def copy_infra(dest: Path) -> Path:
    """Copy the Terraform tree (without generated build output or local state) to ``dest``."""
    shutil.copytree(
        INFRA_DIR,
        dest,
        ignore=shutil.ignore_patterns(
            "build", ".terraform", "*.tfstate*", ".terraform.lock.hcl", "*_override.tf"
        ),
    )
    return dest


def run(
    cmd: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: int = 300
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False)


def load_suppressions() -> list[dict[str, Any]]:
    data = yaml.safe_load(SUPPRESSIONS_FILE.read_text())
    entries = data.get("suppressions") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ValueError(f"{SUPPRESSIONS_FILE}: expected a top-level 'suppressions' list")
    return entries


@dataclass(frozen=True)
class CheckovResult:
    passed: int
    failed: list[dict[str, Any]]
    parsing_errors: int

    def failed_ids(self) -> set[tuple[str, str]]:
        return {(f["check_id"], f["resource"]) for f in self.failed}


def run_checkov(directory: Path, skip: list[str]) -> CheckovResult:
    """Run checkov on a Terraform tree with the given checks skipped; parse its JSON report."""
    checkov = Path(sys.executable).with_name("checkov")
    cmd = [
        str(checkov),
        "-d",
        str(directory),
        "--framework",
        "terraform",
        "--quiet",
        "--compact",
        "--skip-download",
        "-o",
        "json",
    ]
    if skip:
        cmd += ["--skip-check", ",".join(skip)]
    env = dict(os.environ, BC_SKIP_MAPPING="TRUE", CHECKOV_RUN_SCA_PACKAGE_SCAN_V2="false")
    proc = run(cmd, cwd=directory, env=env, timeout=600)
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError as exc:
        raise AssertionError(
            f"checkov did not print a JSON report (rc={proc.returncode}): {proc.stderr[-2000:]}"
        ) from exc
    if isinstance(report, list):  # one entry per framework
        report = next(r for r in report if r.get("check_type") == "terraform")
    if "results" not in report:  # checkov prints only a summary when nothing was scanned
        summary = report.get("summary", report)
        return CheckovResult(
            passed=summary.get("passed", 0), failed=[], parsing_errors=summary.get("parsing_errors", 0)
        )
    return CheckovResult(
        passed=report["summary"]["passed"],
        failed=report["results"]["failed_checks"],
        parsing_errors=report["summary"]["parsing_errors"],
    )


@pytest.fixture(scope="session")
def suppressions() -> list[dict[str, Any]]:
    return load_suppressions()


@pytest.fixture(scope="session")
def checkov_report(suppressions: list[dict[str, Any]]) -> CheckovResult:
    """checkov over platform/infra with the suppression file applied, run once per session."""
    return run_checkov(INFRA_DIR, [entry["check"] for entry in suppressions])


@pytest.fixture(scope="session")
def initialised_infra(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A copy of platform/infra after ``terraform init -backend=false`` (through the mirror)."""
    work = tmp_path_factory.mktemp("tf-static")
    root = copy_infra(work / "infra")
    env = terraform_env(work)
    proc = run(["terraform", "init", "-backend=false", "-input=false", "-no-color"], cwd=root, env=env)
    assert proc.returncode == 0, f"terraform init failed:\n{proc.stdout}\n{proc.stderr}"
    return root, env


@pytest.fixture(scope="session")
def checkov_runner() -> Any:
    """``run_checkov(directory, skip)`` for tests that scan a modified copy of the tree."""
    return run_checkov


@pytest.fixture()
def infra_copy(tmp_path: Path) -> Path:
    """A fresh, writable copy of platform/infra for tests that break a rule on purpose."""
    return copy_infra(tmp_path / "infra")


@pytest.fixture(scope="session")
def infra_dir() -> Path:
    return INFRA_DIR
