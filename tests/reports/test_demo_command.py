"""The README's first command path: `ctc-review demo` as a subprocess writes every report.

It reuses the session's deployment (``--endpoint-url/--terraform-dir``) so the suite deploys once;
the deploy-and-destroy path is the same code with ``coattail.cli.local.LocalStack`` (scripts/demo.sh).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from coattail.emulator import UNSUPPORTED_SERVICES
from coattail.review.model import Pillar

pytestmark = [pytest.mark.emulator, pytest.mark.slow]

SEED_AREAS = {
    1: ["Infrastructure as Code", "CI/CD", "Observability", "Runbooks", "Start/Stop Lifecycle",
        "Configuration Management", "Agent Specs"],
    2: ["IAM Least Privilege", "Encryption at Rest", "Encryption in Transit", "No Secrets in Code",
        "Data Governance", "Analyst Access Control", "Security Scanning", "Public Data Only"],
    3: ["Dead Letter Queue", "Spark Checkpointing", "Data Quality DLQ", "Idempotent Writes", "Watermarking",
        "Multi-AZ by Default", "Batch Error Handling", "S3 Versioning"],
    4: ["Serverless Compute", "Kinesis ON_DEMAND", "EMR Initial Capacity", "Iceberg Table Format",
        "DynamoDB GSIs", "S3 Bucket Keys", "Spark 3.4", "Tumbling Windows"],
    5: ["Serverless-First", "Billing Alarm", "EMR Auto-Stop", "DynamoDB TTL", "S3 Lifecycle",
        "Start/Stop Scripts", "DynamoDB PITR Disabled", "No NAT Gateway"],
    6: ["Right-Sized Compute", "Efficient Data Formats", "Scale-to-Zero", "Data Retention",
        "Minimal Polling"],
}  # fmt: skip


def decision_rows(markdown: str) -> dict[tuple[int, str], tuple[str, str]]:
    rows, pillar, inside = {}, 0, False
    for line in markdown.splitlines():
        if m := re.match(r"## Pillar (\d): ", line):
            pillar, inside = int(m.group(1)), False
        elif line.startswith("### "):
            inside = line.strip() == "### Decisions"
        elif inside and (m := re.match(r"\| \*\*(.+?)\*\* \| (.*) \| (.*) \|$", line)):
            rows[(pillar, m.group(1))] = (m.group(2), m.group(3))
    return rows


def test_demo_writes_every_report_for_the_deployment(deployment, endpoint_url, tmp_path, repo_root):
    out = tmp_path / "reports"
    env = {**os.environ, "COLUMNS": "200"}
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "ctc-review"), "demo", "--endpoint-url", endpoint_url,
         "--terraform-dir", str(deployment.root), "--output-dir", str(out)],
        cwd=repo_root, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    names = ["results.json", "scorecard.html", "review.md", "results.sarif", "junit.xml"]
    for name in names:
        assert (out / name).stat().st_size > 0
        assert str(out / name) in proc.stdout.replace("\n  ", " ")
    results = json.loads((out / "results.json").read_text())
    assert {s["kind"] for s in results["sources"]} == {"live", "terraform", "repository"}
    # complete but for the services the emulator does not implement (not assessed, named)
    assert {n["service"] for n in results["not_assessed"]} == set(UNSUPPORTED_SERVICES), results[
        "not_assessed"
    ]
    assert all(s["ok"] for s in results["sources"] if s["kind"] != "live"), results["sources"]

    md = (out / "review.md").read_text()
    rows = decision_rows(md)
    for number, areas in SEED_AREAS.items():
        for area in areas:
            assert (number, area) in rows, f"Pillar {number} has no Decisions row {area!r}"
            _implementation, evidence = rows[(number, area)]
            assert "`" in evidence, f"{area}: evidence names no resource or file: {evidence!r}"
    # evidence names real resources of this deployment and real files of the repository
    evidence = " ".join(e for _i, e in rows.values())
    assert "ctc-dev-trades" in evidence and "ctc-dev-alerts" in evidence
    assert ".github/workflows/ci.yml" in evidence
    # the summary scorecard matches the JSON
    expected = {Pillar(p["pillar"]).title: f"{p['score']:.1f}" for p in results["scores"]["pillars"]}
    section = md.split("## Summary Scorecard", 1)[1]
    found = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0] in expected:
            found[cells[0]] = cells[1]
    assert found == expected
    assert f"**Overall: {results['scores']['overall']:.1f} / 5**" in md

    cases = ET.parse(out / "junit.xml").getroot().findall(".//testcase")
    assert len(cases) == len(results["checks"])
    sarif = json.loads((out / "results.sarif").read_text())
    located = [r for r in sarif["runs"][0]["results"] if "physicalLocation" in r["locations"][0]]
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in located]
    assert not [u for u in uris if u.startswith(("/", "file:"))], uris  # relative to the repository
    for uri in uris:  # Terraform findings point at the repository's own .tf files
        if uri.endswith(".tf"):
            assert uri.startswith("platform/infra/") and (repo_root / uri).is_file(), uri
