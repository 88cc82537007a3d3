"""The repository collector on a hand-built repository and on this repository."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from coattail.review.collectors.repository import collect_repository

WORKFLOW = """
name: CI
on:
  push:
  pull_request:
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Ruff
        run: ruff check .
  security:
    needs: lint
    runs-on: ubuntu-latest
    steps:
      - name: checkov
        run: checkov -d infra --framework terraform
        continue-on-error: true
"""

RUNBOOK = """# Runbook

## Start

## Rollback
Roll back with terraform apply of the previous tag.
```
# not a heading
```
"""
PEM_HEADER = "-----BEGIN " + "RSA PRIVATE KEY-----"  # split so this file is not a finding itself

AGENT_FRONT_MATTER = """---
name: Architect
inputs: [prd.md, constraints]
outputs:
  - architecture.md
---
# Architect
"""

AGENT_SECTIONS = """# QA agent

## Inputs
- architecture.md
- test plan

## Outputs
- qa-report.md
"""


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    files = {
        ".github/workflows/ci.yml": WORKFLOW,
        "docs/RUNBOOK.md": RUNBOOK,
        "docs/ARCHITECTURE.md": "# Architecture\n\n## ADR-001: Kinesis ON_DEMAND\n\n## ADR-002 Iceberg\n",
        "scripts/start.sh": "#!/usr/bin/env bash\nset -euo pipefail\n# start streaming\nctc producer start\n",
        "scripts/stop.sh": "#!/bin/sh\nctc producer stop\n",
        "agents/architect.md": AGENT_FRONT_MATTER,
        "agents/qa.md": AGENT_SECTIONS,
        "infra/main.tf": 'variable "a" {}\nvariable "b" {}\noutput "o" { value = 1 }\n'
        'module "kinesis" {\n  source = "./modules/kinesis"\n}\n',
        "infra/modules/kinesis/main.tf": 'resource "aws_kinesis_stream" "s" {}\n'
        'resource "aws_kinesis_stream" "d" {}\n',
        "app/settings.py": "password = 'testing'\nPASSWORD = \"" + "hunter2hunter2" + '"\n',
        "app/keys.txt": "key = " + "AKIA" + "ABCDEFGHIJKLMNOP" + "\n" + PEM_HEADER + "\n",
        "platform/config.yaml": "detectors:\n  spread:\n    window: 30s\n",
    }
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    (tmp_path / "scripts/start.sh").chmod(0o755)
    (tmp_path / "untracked.py").write_text("AWS_SECRET_ACCESS_KEY = '" + "a" * 40 + "'\n")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", *files)
    return tmp_path


def test_repository_facts_from_a_hand_built_repo(repo: Path) -> None:
    inv = collect_repository(repo, terraform_root="infra")
    facts = inv.repository
    assert facts is not None and inv.sources[0].ok
    (wf,) = facts.workflows
    assert wf.name == "CI" and set(wf.triggers) == {"push", "pull_request"}
    assert [j.id for j in wf.jobs] == ["lint", "security"] and wf.jobs[1].needs == ("lint",)
    (scan,) = wf.find_steps("checkov")
    assert scan.continue_on_error and scan.run == "checkov -d infra --framework terraform"

    runbook = facts.document("docs/RUNBOOK.md")
    assert runbook is not None and runbook.headings == ("Runbook", "Start", "Rollback")
    assert runbook.mentions_any("rollback")
    arch = facts.document("docs/ARCHITECTURE.md")
    assert arch is not None and arch.adr_headings == ("ADR-001: Kinesis ON_DEMAND", "ADR-002 Iceberg")

    start, stop = facts.script("scripts/start.sh"), facts.script("scripts/stop.sh")
    assert start is not None and start.executable and start.commands == ("set", "ctc")
    assert start.invocations[-1] == "ctc producer start"
    assert stop is not None and stop.exists and not stop.executable

    assert {(a.name, a.inputs, a.outputs) for a in facts.agent_specs} == {
        ("Architect", ("prd.md", "constraints"), ("architecture.md",)),
        ("QA agent", ("architecture.md", "test plan"), ("qa-report.md",)),
    }
    kinds = sorted((m.kind, m.location.path, m.location.start_line) for m in facts.secret_matches)
    assert kinds == [
        ("aws_access_key_id", "app/keys.txt", 1),
        ("password_assignment", "app/settings.py", 2),
        ("private_key", "app/keys.txt", 2),
    ]  # the placeholder 'testing' and the untracked file are not reported
    assert "hunter2" not in inv.model_dump_json()  # values are never stored

    tf = facts.terraform
    assert tf is not None and tf.exists
    assert (tf.module_count, tf.root_variable_count, tf.root_output_count, tf.resource_count) == (1, 2, 1, 2)
    assert facts.config("platform/config.yaml") is not None
    assert facts.config("platform/config.yaml").get("detectors.spread.window") == "30s"  # type: ignore[union-attr]


def test_this_repository(repo_root: Path) -> None:
    facts = collect_repository(repo_root).repository
    assert facts is not None
    assert ".github/workflows/ci.yml" in {w.path for w in facts.workflows}
    assert facts.terraform is not None and facts.terraform.exists and facts.terraform.module_count >= 1
    assert "review/collectors/repository.py" in facts.tracked_files
    # the collector's own regexes are built so that its source does not match them
    assert not [m for m in facts.secret_matches if m.location.path == "review/collectors/repository.py"]


def test_missing_repository_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="does not exist"):
        collect_repository(tmp_path / "nope")
