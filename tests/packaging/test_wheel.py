"""The wheel works without a checkout: one top-level package, the Terraform inside, and the base
install (the review tool alone, no Spark, no moto) reviews the session's emulator deployment with the
same verdicts as the editable install."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.packaging.conftest import wheel_names

pytestmark = [pytest.mark.slow]


def test_the_wheel_has_exactly_one_top_level_package(wheel: Path) -> None:
    tops = {name.split("/")[0] for name in wheel_names(wheel) if ".dist-info/" not in name}
    assert tops == {"coattail"}
    assert "platform/__init__.py" not in wheel_names(wheel)


def test_the_wheel_ships_the_terraform_root_and_its_modules(wheel: Path, repo_root: Path) -> None:
    tracked = subprocess.run(
        ["git", "ls-files", "platform/infra"], cwd=repo_root, capture_output=True, text=True, check=True
    ).stdout.split()
    shipped = {
        name.removeprefix("coattail/infra/") for name in wheel_names(wheel) if "coattail/infra/" in name
    }
    assert {rel.removeprefix("platform/infra/") for rel in tracked} == shipped


def test_the_wheel_ships_templates_profiles_pricing_and_dashboard(wheel: Path) -> None:
    names = set(wheel_names(wheel))
    for needed in (
        "coattail/review/reports/templates/scorecard.html",
        "coattail/review/profiles/ctc.yaml",
        "coattail/review/pricing/us-east-1.yaml",
        "coattail/dashboard/static/index.html",
        "coattail/jobs/config/pipeline.yaml",
    ):
        assert needed in names, needed


@pytest.fixture(scope="module")
def base_install(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtualenv with the wheel and only its base dependencies (non-editable)."""
    env_dir = tmp_path_factory.mktemp("base-venv")
    venv.EnvBuilder(with_pip=True).create(env_dir)
    subprocess.run(
        [str(env_dir / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)],
        check=True,
        capture_output=True,
        timeout=900,
    )
    return env_dir / "bin"


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env |= {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "COLUMNS": "200"}
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def test_the_base_install_has_no_platform_runtime(base_install: Path, tmp_path: Path) -> None:
    probe = (
        "import importlib.util as u; print([m for m in ('pyspark', 'moto', 'pyiceberg') if u.find_spec(m)])"
    )
    done = _run([str(base_install / "python"), "-c", probe], tmp_path)
    assert done.returncode == 0 and done.stdout.strip() == "[]", done.stdout + done.stderr


def _verdicts(results_file: Path) -> dict[str, tuple[str, tuple[tuple[str, str], ...]]]:
    results = json.loads(results_file.read_text())
    return {
        check["meta"]["id"]: (
            check["status"],
            tuple(sorted((f["resource_id"], f["status"]) for f in check["findings"])),
        )
        for check in results["checks"]
    }


@pytest.mark.emulator
def test_the_base_install_reviews_the_deployment_like_the_editable_install(
    base_install: Path, deployment, endpoint_url: str, tmp_path: Path
) -> None:
    def score(binary: Path, out: Path) -> dict[str, tuple[str, tuple[tuple[str, str], ...]]]:
        done = _run(
            [str(binary), "score", "--source", "live", "--source", "terraform",
             "--endpoint-url", endpoint_url, "--terraform-dir", str(deployment.root),
             "--no-checkov", "--output-dir", str(out), "--quiet"],
            tmp_path,  # not a checkout: nothing may be read from the repository
        )  # fmt: skip
        assert done.returncode in (0, 3), done.stdout + done.stderr
        return _verdicts(out / "results.json")

    installed = score(base_install / "ctc-review", tmp_path / "wheel")
    editable = score(Path(sys.executable).parent / "ctc-review", tmp_path / "editable")
    assert len(installed) > 100
    assert installed == editable


def test_platform_commands_of_the_base_install_name_the_missing_extras(
    base_install: Path, tmp_path: Path
) -> None:
    done = _run([str(base_install / "ctc"), "local", "up", "--workdir", str(tmp_path / "w")], tmp_path)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "needs the emulator extra: pip install 'coat-tail-capital[emulator]'" in done.stderr
    demo = _run([str(base_install / "ctc-review"), "demo", "--workdir", str(tmp_path / "d")], tmp_path)
    assert demo.returncode == 2 and "coat-tail-capital[emulator]" in demo.stderr, demo.stderr
    jobs = _run(
        [str(base_install / "ctc"), "jobs", "run", "--source", "files", "--input-path", "x"], tmp_path
    )
    assert jobs.returncode == 2 and "coat-tail-capital[platform]" in jobs.stderr, jobs.stderr
