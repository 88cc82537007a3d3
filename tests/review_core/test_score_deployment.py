"""`ctc-review score` from all three sources against the deployed platform."""

from __future__ import annotations

import json

import jsonschema
import pytest
from click.testing import CliRunner

from coattail.emulator import UNSUPPORTED_SERVICES
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
    # 3: incomplete, because the emulator lacks services (UNSUPPORTED_SERVICES, checked below)
    assert result.exit_code == 3, result.output
    data = json.loads((tmp_path / "results.json").read_text())
    jsonschema.validate(data, json.loads((repo_root / "docs" / "results.schema.json").read_text()))
    assert [s["kind"] for s in data["sources"]] == ["live", "terraform", "repository"]
    assert all(s["ok"] for s in data["sources"] if s["kind"] != "live")
    # complete but for the services the emulator does not implement (named, not assessed)
    assert {n["service"] for n in data["not_assessed"]} == set(UNSUPPORTED_SERVICES)
    assert data["drift"] == []
    assert data["sources"][0]["api_calls"] > 0
    findings = [f for c in data["checks"] for f in c["findings"]]
    by_source = {s: [f for f in findings if f["source"] == s] for s in ("live", "terraform", "repository")}
    assert by_source["live"] and by_source["repository"]
    # live findings cite ARNs; a resource seen by both sources is judged once: the live finding carries
    # its Terraform address and the repository's .tf file (the deployment is a copy)
    arn_types = {"AWS::S3::Bucket", "AWS::Kinesis::Stream", "AWS::DynamoDB::Table", "AWS::IAM::Role"}
    live_ids = [f["resource_id"] for f in by_source["live"] if f["resource_type"] in arn_types]
    assert live_ids and all(i.startswith("arn:") for i in live_ids)
    joined = [f for f in findings if f["terraform_address"]]
    assert joined and all(f["source"] == "live" and f["views"] == ["live", "terraform"] for f in joined)
    located = [f["location"]["path"] for f in joined + by_source["terraform"] if f["location"]]
    assert located and all(p.startswith("platform/infra/") for p in located)
    assert all((repo_root / p).is_file() for p in set(located))
    assert 1 <= data["scores"]["overall"] <= 5
    # decision rows not evidenced (the Iceberg tables appear at the job's first run) lower confidence
    not_evidenced = {d["pillar"] for d in data["decisions"] if d["status"] not in ("PASS", "FAIL")}
    assert not_evidenced and data["scores"]["confidence"] < 1.0
    for pillar in data["scores"]["pillars"]:
        if pillar["pillar"] in not_evidenced:
            assert pillar["confidence"] < 1.0, pillar
