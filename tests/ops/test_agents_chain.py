"""The agent specifications chain: each input is produced upstream (or is declared feedback from
the previous iteration) and every artifact they reference exists in the repository."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROLES = {"business-analyst", "architect", "data-engineer", "devops", "security", "qa", "method-coach"}


def front_matter(path: Path) -> dict[str, Any]:
    text = path.read_text()
    assert text.startswith("---\n"), f"{path} has no YAML front matter"
    data = yaml.safe_load(text.split("---\n", 2)[1])
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def registry(repo_root: Path) -> dict[str, Any]:
    data = yaml.safe_load((repo_root / "agents" / "registry.yaml").read_text())
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def specs(repo_root: Path, registry: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for entry in registry["agents"]:
        spec = front_matter(repo_root / entry["spec"])
        assert spec["id"] == entry["id"], f"{entry['spec']} declares id {spec['id']!r}"
        out.append(spec)
    return out


def test_seven_roles_each_with_inputs_and_outputs(specs):
    assert {s["id"] for s in specs} == ROLES
    for spec in specs:
        assert spec["inputs"] and spec["outputs"], spec["id"]
        assert all(isinstance(p, str) for p in spec["inputs"] + spec["outputs"])
        assert spec.get("role") and spec.get("name")


def test_every_input_is_produced_upstream_or_declared_feedback(specs, registry):
    feedback = {f["path"]: f for f in registry.get("feedback", [])}
    producers = {p: s["id"] for s in specs for p in s["outputs"]}
    produced_so_far: set[str] = set()
    for spec in specs:
        for item in spec["inputs"]:
            if item in produced_so_far:
                continue
            assert item in feedback, f"{spec['id']} consumes {item}, which no earlier agent produces"
            assert feedback[item]["to"] == spec["id"] and producers.get(item) == feedback[item]["from"], item
        produced_so_far.update(spec["outputs"])
    for path, entry in feedback.items():
        assert producers.get(path) == entry["from"], f"feedback {path} is not an output of {entry['from']}"


def test_every_output_is_consumed_or_a_deliverable(specs):
    consumed = {p for s in specs for p in s["inputs"]}
    unused = [p for s in specs for p in s["outputs"] if p not in consumed]
    # Leaf deliverables are allowed, but most outputs must feed someone: a chain, not a list.
    assert len(unused) <= len({p for s in specs for p in s["outputs"]}) // 2, unused


def test_next_agents_consume_something_the_agent_produces(specs):
    by_id = {s["id"]: s for s in specs}
    for spec in specs:
        for nxt in spec.get("next", []):
            assert nxt in by_id, f"{spec['id']} hands over to unknown agent {nxt}"
            assert set(spec["outputs"]) & set(by_id[nxt]["inputs"]), f"{spec['id']} -> {nxt} passes nothing"


def test_every_referenced_artifact_is_tracked_in_git(specs, registry, repo_root):
    tracked = set(
        subprocess.run(
            ["git", "ls-files"], cwd=repo_root, capture_output=True, text=True, check=True
        ).stdout.split()
    )
    referenced = {p for s in specs for p in s["inputs"] + s["outputs"]}
    referenced |= {e["spec"] for e in registry["agents"]} | {f["path"] for f in registry.get("feedback", [])}
    missing = sorted(p for p in referenced if p not in tracked)
    assert not missing, f"referenced but not in the repository: {missing}"


def test_review_engine_reads_the_same_contracts(repo_root, specs):
    """ctc-review's repository collector parses these specs into the same inputs and outputs."""
    from coattail.review.collectors.repository import parse_agent

    for spec in specs:
        path = f"agents/{spec['id']}.md"
        parsed = parse_agent(path, (repo_root / path).read_text())
        assert parsed is not None
        assert list(parsed.inputs) == spec["inputs"] and list(parsed.outputs) == spec["outputs"]
    assert parse_agent("agents/registry.yaml", (repo_root / "agents/registry.yaml").read_text()) is None
