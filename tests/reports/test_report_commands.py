"""`ctc-review diff | baseline update | render` on results files written by the synthetic builder."""

from __future__ import annotations

import json

from click.testing import CliRunner

from coattail.review.cli import cli
from coattail.review.reports.loading import load_results


def write(path, results):
    path.write_text(results.model_dump_json(indent=2))
    return path


def test_diff_prints_the_changes(results_factory, tmp_path):
    a = write(tmp_path / "a.json", results_factory())
    b = write(tmp_path / "b.json", results_factory(fail={"sec_check_00"}))
    res = CliRunner().invoke(cli, ["diff", str(a), str(b)], env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    assert "Newly failing (1)" in res.output and "sec_check_00" in res.output
    assert "module.s3.aws_s3_bucket.b0_0" in res.output
    assert "Security" in res.output and "-1." in res.output


def test_diff_names_a_bad_file(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    res = CliRunner().invoke(cli, ["diff", str(bad), str(bad)])
    assert res.exit_code == 2 and "not valid JSON" in res.output
    (tmp_path / "x.json").write_text(json.dumps({"schema_version": "1.0", "tool_version": "1"}))
    res = CliRunner().invoke(cli, ["diff", str(tmp_path / "x.json"), str(tmp_path / "missing.json")])
    assert res.exit_code == 2 and "no such results file" in res.output


def test_baseline_update_and_render(results_factory, tmp_path):
    current = write(tmp_path / "results.json", results_factory(fail={"rel_check_05"}))
    baseline = tmp_path / "baselines" / "self.json"
    res = CliRunner().invoke(
        cli, ["baseline", "update", "--results", str(current), "--baseline", str(baseline)]
    )
    assert res.exit_code == 0, res.output
    assert load_results(baseline) == load_results(current)
    # updating again over an existing baseline prints what changes
    better = write(tmp_path / "better.json", results_factory())
    res = CliRunner().invoke(
        cli, ["baseline", "update", "--results", str(better), "--baseline", str(baseline)], terminal_width=200
    )
    assert res.exit_code == 0 and "Newly passing (1)" in res.output

    out = tmp_path / "out"
    res = CliRunner().invoke(
        cli, ["render", str(current), "--output-dir", str(out), "--baseline", str(baseline)]
    )
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in out.iterdir()) == [
        "junit.xml",
        "results.json",
        "results.sarif",
        "review.md",
        "scorecard.html",
    ]
    assert "Change against the baseline" in (out / "scorecard.html").read_text()


def test_gate_command_exit_codes(results_factory, tmp_path):
    base = write(tmp_path / "base.json", results_factory())
    weak = write(tmp_path / "weak.json", results_factory(fail={"cost_check_00"}))
    env = {"COLUMNS": "250"}
    res = CliRunner().invoke(
        cli, ["gate", str(weak), "--baseline", str(base), "--fail-on-regression"], env=env
    )
    assert res.exit_code == 1, res.output
    assert "REGRESSION: cost_check_00 (critical) now fails on module.s3.aws_s3_bucket.b0_0" in res.output
    assert "gate breached" in res.output
    res = CliRunner().invoke(
        cli, ["gate", str(base), "--baseline", str(base), "--fail-on-regression"], env=env
    )
    assert res.exit_code == 0 and "gate passed" in res.output
    res = CliRunner().invoke(cli, ["gate", str(base), "--min-score", "overall=4.9"], env=env)
    assert res.exit_code == 1 and "THRESHOLD: Overall score 4.4 is below the minimum 4.9" in res.output
    res = CliRunner().invoke(cli, ["gate", str(base), "--min-score", "speed=3"], env=env)
    assert res.exit_code == 2 and "unknown --min-score key 'speed'" in res.output
