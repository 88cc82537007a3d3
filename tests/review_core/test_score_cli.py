"""`ctc-review checks | explain | permissions | schema | score` through click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import click
import jsonschema
import pytest
from click.testing import CliRunner

from coattail.review.cli import cli
from coattail.review.commands.score import results_schema

REPO = Path(__file__).resolve().parents[2]
SCHEMA_FILE = REPO / "docs" / "results.schema.json"

ENABLED = {"status": "Enabled"}
TABLE_ARN = "arn:aws:dynamodb:us-east-1:111122223333:table/ctc-dev-alerts"
STATE = {
    "format_version": "1.0",
    "values": {"root_module": {"resources": [
        {"address": "aws_s3_bucket.raw", "mode": "managed", "type": "aws_s3_bucket", "name": "raw",
         "values": {"bucket": "ctc-dev-raw-demo", "arn": "arn:aws:s3:::ctc-dev-raw-demo",
                    "tags_all": {"Project": "demo"}}},
        {"address": "aws_s3_bucket_versioning.raw", "mode": "managed", "type": "aws_s3_bucket_versioning",
         "name": "raw", "values": {"bucket": "ctc-dev-raw-demo", "versioning_configuration": [ENABLED]}},
        {"address": "aws_dynamodb_table.t", "mode": "managed", "type": "aws_dynamodb_table", "name": "t",
         "values": {"name": "ctc-dev-alerts", "arn": TABLE_ARN,
                    "billing_mode": "PAY_PER_REQUEST", "hash_key": "id",
                    "attribute": [{"name": "id", "type": "S"}],
                    "server_side_encryption": [{"enabled": True}],
                    "ttl": [{"attribute_name": "exp", "enabled": True}],
                    "point_in_time_recovery": [{"enabled": False}]}},
    ]}},
}  # fmt: skip


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_checks_catalog_json_and_filters() -> None:
    result = invoke("checks", "--format", "json")
    assert result.exit_code == 0, result.output
    catalog = json.loads(result.output)
    assert len(catalog) >= 80
    pillars = {c["pillar"] for c in catalog}
    assert len(pillars) == 6
    security = json.loads(invoke("checks", "--format", "json", "--pillar", "security").output)
    assert security and all(c["pillar"] == "security" for c in security)
    s3 = json.loads(invoke("checks", "--format", "json", "--service", "s3").output)
    assert s3 and all(c["service"] == "s3" for c in s3)
    table = invoke("checks", "--pillar", "reliability")
    assert table.exit_code == 0 and "Reliability" in table.output
    assert {c["kind"] for c in catalog} == {"best practice", "claim"}


def test_explain_known_and_unknown_checks() -> None:
    catalog = json.loads(invoke("checks", "--format", "json").output)
    first = catalog[0]
    result = invoke("explain", first["id"])
    assert result.exit_code == 0
    assert first["title"] in " ".join(result.output.split())
    assert first["bp_id"] in result.output
    typo = invoke("explain", first["id"][:-1] + "x")
    assert typo.exit_code == 2
    assert "Did you mean" in typo.output and first["id"] in typo.output


def test_permissions_is_a_read_only_policy() -> None:
    result = invoke("permissions")
    assert result.exit_code == 0
    policy = json.loads(result.output)
    actions = policy["Statement"][0]["Action"]
    needed = {"sts:GetCallerIdentity", "s3:GetEncryptionConfiguration", "kinesis:DescribeStreamSummary"}
    assert needed <= set(actions)
    verbs = ("Put", "Create", "Delete", "Update", "Tag", "Attach", "Start", "Stop")
    assert not [a for a in actions if a.split(":")[1].startswith(verbs)]


def test_committed_schema_is_current() -> None:
    hint = "regenerate: ctc-review schema > docs/results.schema.json"
    assert json.loads(SCHEMA_FILE.read_text()) == results_schema(), hint
    printed = invoke("schema")
    assert json.loads(printed.output) == results_schema()


@pytest.fixture
def state_file(tmp_path: Path) -> Path:
    path = tmp_path / "state.json"
    path.write_text(json.dumps(STATE))
    return path


def score_terraform(plan: Path, out: Path, *extra: str):
    """``ctc-review score`` on one Terraform JSON file, results only."""
    return invoke("score", "--source", "terraform", "--plan-json", str(plan), "--no-checkov",
                  "--output-dir", str(out), "--no-reports", "-q", *extra)  # fmt: skip


def test_score_terraform_only_writes_valid_results(state_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = score_terraform(state_file, out)
    assert result.exit_code == 0, result.output
    data = json.loads((out / "results.json").read_text())
    jsonschema.validate(data, json.loads(SCHEMA_FILE.read_text()))
    assert [s["kind"] for s in data["sources"]] == ["terraform"]
    assert data["not_assessed"] == [] and len(data["scores"]["pillars"]) == 6
    cited = {f["resource_id"] for c in data["checks"] for f in c["findings"]}
    assert "arn:aws:s3:::ctc-dev-raw-demo" in cited


def test_min_score_breach_exits_1(state_file: Path, tmp_path: Path) -> None:
    result = score_terraform(state_file, tmp_path, "--min-score", "overall=5")
    assert result.exit_code == 1
    assert "below the minimum 5.0" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--source", "terraform"], "--source terraform needs --terraform-dir"),
        (["--source", "terraform", "--plan-json", "/nonexistent.json"], "does not exist"),
        (["--min-score", "bogus=3"], "unknown --min-score key"),
        (["--review-profile", "/nonexistent-profile.yaml"], "profile"),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str, state_file: Path, tmp_path: Path) -> None:
    if args[:2] == ["--source", "terraform"]:
        result = invoke("score", "--output-dir", str(tmp_path), "--no-reports", "-q", *args)
    else:
        result = score_terraform(state_file, tmp_path, *args)
    assert result.exit_code == 2, result.output
    assert message in result.output


def test_bad_waivers_file_exits_2_naming_the_entry(state_file: Path, tmp_path: Path) -> None:
    waivers = tmp_path / "w.yaml"
    waivers.write_text(
        "waivers:\n  - check_id: nope_not_a_check\n    justification: j\n    expires: 2030-01-01\n"
    )
    result = score_terraform(state_file, tmp_path, "--waivers", str(waivers))
    assert result.exit_code == 2
    assert "waiver #1" in result.output and "matches no known check" in result.output


def test_unreadable_terraform_is_reported_and_exits_3(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"a": 1}')
    result = score_terraform(bad, tmp_path)
    assert result.exit_code == 3
    assert "not a Terraform plan or state" in result.output and "Traceback" not in result.output


def test_baseline_regression_exits_1_and_names_it(state_file: Path, tmp_path: Path) -> None:
    baseline_dir = tmp_path / "baseline"
    assert score_terraform(state_file, baseline_dir).exit_code == 0
    weakened = json.loads(state_file.read_text())
    table = weakened["values"]["root_module"]["resources"][2]["values"]
    table["server_side_encryption"] = [{"enabled": False}]
    table["ttl"] = [{"attribute_name": "exp", "enabled": False}]
    weak_file = tmp_path / "weak.json"
    weak_file.write_text(json.dumps(weakened))
    baseline = str(baseline_dir / "results.json")
    same = score_terraform(state_file, tmp_path / "same", "--baseline", baseline, "--fail-on-regression")
    assert same.exit_code == 0, same.output
    result = score_terraform(weak_file, tmp_path / "weak", "--baseline", baseline, "--fail-on-regression")
    assert result.exit_code == 1
    assert "REGRESSION" in result.output and TABLE_ARN in result.output


def test_default_regions_are_every_enabled_region_except_against_a_local_emulator(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from coattail.review.commands.score import _regions

    monkeypatch.delenv("AWS_REGION", raising=False)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    assert _regions((), None) == ("all",)
    assert _regions((), "https://vpce-1.kinesis.eu-west-1.vpce.amazonaws.com") == ("all",)
    assert _regions((), "http://127.0.0.1:4566") == ("eu-west-1",)
    assert _regions(("us-east-1", "eu-west-1"), None) == ("us-east-1", "eu-west-1")
    with pytest.raises(click.BadParameter, match="'all' cannot be combined"):
        _regions(("all", "us-east-1"), None)
