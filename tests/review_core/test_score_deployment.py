"""`ctc-review score` from all three sources against the deployed platform."""

from __future__ import annotations

import json

import jsonschema
import pytest
from click.testing import CliRunner

from coattail.review.cli import cli

pytestmark = pytest.mark.emulator


def test_score_live_terraform_and_repository(
    deployment, endpoint_url, terraform_show, repo_root, tmp_path
) -> None:
    args = [
        "score", "--endpoint-url", endpoint_url, "--plan-json", str(terraform_show),
        "--terraform-dir", str(deployment.root), "--repo", str(repo_root),
        "--output-dir", str(tmp_path), "--no-reports", "-q",
    ]  # fmt: skip
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "results.json").read_text())
    jsonschema.validate(data, json.loads((repo_root / "docs" / "results.schema.json").read_text()))
    assert [(s["kind"], s["ok"]) for s in data["sources"]] == [
        ("live", True),
        ("terraform", True),
        ("repository", True),
    ]
    assert data["not_assessed"] == [] and data["drift"] == []
    assert data["sources"][0]["api_calls"] > 0
    findings = [f for c in data["checks"] for f in c["findings"]]
    by_source = {s: [f for f in findings if f["source"] == s] for s in ("live", "terraform", "repository")}
    assert all(by_source.values())
    # live findings cite ARNs; Terraform findings cite the repository's .tf files (the deployment is a copy)
    arn_types = {"AWS::S3::Bucket", "AWS::Kinesis::Stream", "AWS::DynamoDB::Table", "AWS::IAM::Role"}
    live_ids = [f["resource_id"] for f in by_source["live"] if f["resource_type"] in arn_types]
    assert live_ids and all(i.startswith("arn:") for i in live_ids)
    located = [f["location"]["path"] for f in by_source["terraform"] if f["location"]]
    assert located and all(p.startswith("platform/infra/") for p in located)
    assert all((repo_root / p).is_file() for p in set(located))
    assert 1 <= data["scores"]["overall"] <= 5 and data["scores"]["confidence"] == 1.0
