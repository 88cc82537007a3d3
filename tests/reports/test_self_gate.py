"""The project gates itself: its own Terraform (planned) and repository against a baseline.

scripts/test.sh runs `ctc-review self-gate` against the committed review/baselines/self.json (the
passing case); here a baseline in which a currently failing check passed makes the gate exit 1
and name that check.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from coattail.cli.self_gate import SELF_BASELINE
from coattail.review.model import Status
from coattail.review.reports.loading import load_results, save_results

pytestmark = [pytest.mark.emulator, pytest.mark.slow]


def test_committed_baseline_is_valid_results(repo_root):
    results = load_results(repo_root / SELF_BASELINE)
    assert {s.kind.value for s in results.sources} == {"terraform", "repository"}
    assert results.checks and len(results.scores.pillars) == 6


def test_self_gate_fails_on_a_regression(tmp_path, repo_root):
    base = load_results(repo_root / SELF_BASELINE)

    # a baseline in which every failing check passed and every pillar scored 5: whatever still
    # fails today is a regression against it
    def passed(check):
        return check.model_copy(update={
            "status": Status.PASS,
            "findings": tuple(f.model_copy(update={"status": Status.PASS}) for f in check.findings),
        })  # fmt: skip

    flipped = {c.meta.id for c in base.checks if c.status == Status.FAIL and not c.waived}
    if not flipped:
        pytest.skip("the project's baseline has no failing check left to regress against")
    better = base.model_copy(update={
        "checks": tuple(passed(c) if c.meta.id in flipped else c for c in base.checks),
        "scores": base.scores.model_copy(update={
            "pillars": tuple(p.model_copy(update={"score": 5.0}) for p in base.scores.pillars),
            "overall": 5.0,
        }),
    })  # fmt: skip
    baseline = save_results(better, tmp_path / "better.json")
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "ctc-review"), "self-gate", "--baseline", str(baseline),
         "--output-dir", str(tmp_path / "out")],
        cwd=repo_root, env={**os.environ, "COLUMNS": "250"}, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    regressions = [line for line in output.splitlines() if line.startswith("REGRESSION: ")]
    assert any(line.split()[1] in flipped for line in regressions), output
    assert any("score dropped from 5.0" in line for line in regressions), output
    results = json.loads((tmp_path / "out" / "results.json").read_text())
    assert {s["kind"] for s in results["sources"]} == {"terraform", "repository"}
