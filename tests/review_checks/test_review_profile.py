"""The CTC review profile reproduces the seed review; profiles validate with clear errors."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from coattail.review.checks._registry import load_checks
from coattail.review.model import Pillar
from coattail.review.profile import ProfileError, bundled_waivers_path, load_profile, parse_profile
from coattail.review.waivers import load_waivers

REPO_ROOT = Path(__file__).resolve().parents[2]
SEED_COPIES = (
    REPO_ROOT / "docs" / "seed-review.md",
    REPO_ROOT.parent / "shared" / "seed" / "000_658f61f5229ab8b9.txt",
)
PILLARS = {p.title: p for p in Pillar}


def seed_text() -> str:
    for path in SEED_COPIES:
        if path.exists():
            return path.read_text(encoding="utf-8")
    pytest.fail(f"seed review not found at {[str(p) for p in SEED_COPIES]}")


def parse_seed(text: str) -> dict[str, Any]:
    """Pillars of the seed: design principle, decisions (area, claim, evidence), improvements, scorecard."""
    pillars: dict[Pillar, dict[str, Any]] = {}
    for block in re.split(r"^## Pillar \d+: ", text, flags=re.M)[1:]:
        name = block.splitlines()[0].strip()
        pillar = PILLARS[name]
        principle = re.search(r"\*\*Design Principle:\*\* (.+)", block)
        decisions_part = block.split("### Decisions", 1)[1].split("###", 1)[0]
        rows = [
            [c.strip() for c in line.strip().strip("|").split("|")]
            for line in decisions_part.splitlines()
            if line.startswith("| **")
        ]
        improvements_part = block.split("### Improvement Opportunities", 1)[1].split("---", 1)[0]
        pillars[pillar] = {
            "principle": principle.group(1).strip() if principle else None,
            "decisions": [(r[0].strip("*"), r[1], r[2]) for r in rows],
            "improvements": [
                line[2:].strip() for line in improvements_part.splitlines() if line.startswith("- ")
            ],
        }
    scorecard = {}
    for line in text.split("## Summary Scorecard", 1)[1].splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0] in PILLARS:
            scorecard[PILLARS[cells[0]]] = (float(cells[1]), cells[2], cells[3])
    return {"pillars": pillars, "scorecard": scorecard}


@pytest.fixture(scope="module")
def seed() -> dict[str, Any]:
    return parse_seed(seed_text())


@pytest.fixture(scope="module")
def profile() -> Any:
    return load_profile("ctc", load_checks())


def test_seed_has_44_decision_rows_across_six_pillars(seed: dict[str, Any]) -> None:
    counts = {p: len(v["decisions"]) for p, v in seed["pillars"].items()}
    assert set(counts) == set(Pillar)
    assert sum(counts.values()) == 44


def test_every_seed_decision_row_maps_to_a_profile_decision_with_checks(
    seed: dict[str, Any], profile: Any
) -> None:
    known = {c.id for c in load_checks()}
    for pillar, data in seed["pillars"].items():
        decisions = {d.area: d for d in profile.pillar(pillar).decisions}
        assert [a for a, _, _ in data["decisions"]] == list(decisions), pillar
        for area, claim, evidence in data["decisions"]:
            d = decisions[area]
            assert (d.seed_claim or d.claim) == claim  # the seed's wording stays visible where it moved on
            assert d.evidence_hint == evidence
            assert d.check_ids and set(d.check_ids) <= known, (area, set(d.check_ids) - known)


def test_profile_reproduces_principles_improvements_and_scorecard(seed: dict[str, Any], profile: Any) -> None:
    for pillar, data in seed["pillars"].items():
        p = profile.pillar(pillar)
        assert p.design_principle == data["principle"]
        assert [i.text for i in p.improvements] == data["improvements"]
        score, strength, gap = seed["scorecard"][pillar]
        assert (p.scorecard.score, p.scorecard.key_strength, p.scorecard.key_gap) == (score, strength, gap)
    text = seed_text()
    assert profile.overall.score == 4.2 and "**Overall: 4.2 / 5**" in text
    assert profile.document_control.framework_version in text
    assert all(a in text for a in profile.document_control.authors)
    assert [(c.mode, c.cost) for c in profile.cost_summary] == [
        ("Active demo", "~$0.82/hour"),
        ("Idle", "< $0.01/day"),
        ("Monthly (2h demo/week)", "~$7-8/month"),
    ]


def test_profile_figures_reach_the_checks(profile: Any) -> None:
    params = profile.merged_check_params()
    assert params["s3_lifecycle_retention"]["rules"]["ctc-dev-raw-*"] == {
        "transition_days": 30,
        "storage_class": "STANDARD_IA",
        "expiration_days": 90,
    }
    assert params["billing_alarm"] == {"threshold": 25, "period": 21600}
    assert params["emr_maximum_capacity"] == {"max_vcpu": 4, "max_memory_gb": 8}
    assert params["kinesis_dlq_stream"]["retention_hours"] == 48
    assert len(params["ssm_runtime_parameters"]["names"]) == 6
    checks = {c.id: c for c in load_checks()}
    for check_id, values in params.items():
        checks[check_id].params(values)  # every figure is a parameter the check declares


def test_ctc_waivers_file_is_valid_and_justified() -> None:
    path = bundled_waivers_path("ctc")
    assert path is not None
    waivers = load_waivers(path, known_check_ids=[c.id for c in load_checks()])
    assert waivers
    ids = {w.check_id for w in waivers}
    assert "dynamodb_pitr_enabled" in ids
    for w in waivers:
        assert len(w.justification) > 40 and w.owner and w.expires.year >= 2027


def minimal(**overrides: Any) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "id": "acme",
        "title": "ACME review",
        "document_control": {
            "project": "ACME",
            "version": "1",
            "framework_version": "AWS WAF 2024",
            "scope": "all",
        },
        "pillars": [
            {
                "pillar": "security",
                "design_principle": "Least privilege.",
                "decisions": [
                    {
                        "area": "Encryption",
                        "claim": "S3 encrypted",
                        "checks": {"s3_bucket_encryption": {"algorithms": ["aws:kms"]}},
                    }
                ],
            }
        ],
    }
    raw.update(overrides)
    return raw


def test_another_team_writes_its_own_profile(tmp_path: Path) -> None:
    path = tmp_path / "acme.yaml"
    path.write_text(yaml.safe_dump(minimal()), encoding="utf-8")
    p = load_profile(path, load_checks())
    assert p.merged_check_params() == {"s3_bucket_encryption": {"algorithms": ["aws:kms"]}}
    assert [d.area for _, d in p.decisions] == ["Encryption"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {
                "pillars": [
                    {
                        "pillar": "security",
                        "design_principle": "x",
                        "decisions": [{"area": "A", "claim": "c", "checks": {"no_such_check": None}}],
                    }
                ]
            },
            "unknown check 'no_such_check'",
        ),
        (
            {
                "pillars": [
                    {
                        "pillar": "security",
                        "design_principle": "x",
                        "decisions": [
                            {"area": "A", "claim": "c", "checks": {"s3_bucket_encryption": {"algo": 1}}}
                        ],
                    }
                ]
            },
            "unknown parameter",
        ),
        (
            {
                "pillars": [
                    {
                        "pillar": "security",
                        "design_principle": "x",
                        "decisions": [{"area": "A", "claim": "c", "checks": {}}],
                    }
                ]
            },
            "at least one check",
        ),
        ({"pillars": [{"pillar": "safety", "design_principle": "x"}]}, "pillars.0.pillar"),
        (
            {
                "check_params": {"s3_versioning_enabled": {"buckets": ["a"]}},
                "pillars": [
                    {
                        "pillar": "reliability",
                        "design_principle": "x",
                        "decisions": [
                            {
                                "area": "A",
                                "claim": "c",
                                "checks": {"s3_versioning_enabled": {"buckets": ["b"]}},
                            }
                        ],
                    }
                ],
            },
            "parameter 'buckets'",
        ),
    ],
)
def test_invalid_profiles_name_what_is_wrong(tmp_path: Path, change: dict[str, Any], message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(minimal(**change)), encoding="utf-8")
    with pytest.raises(ProfileError, match=re.escape(message)) as exc:
        load_profile(path, load_checks())
    assert str(path) in str(exc.value) or "profile acme" in str(exc.value)


def test_unreadable_and_unknown_profiles(tmp_path: Path) -> None:
    bad = tmp_path / "broken.yaml"
    bad.write_text("id: [unclosed", encoding="utf-8")
    with pytest.raises(ProfileError, match="not valid YAML"):
        load_profile(bad)
    with pytest.raises(ProfileError, match=r"no profile 'nope'.*ctc"):
        load_profile("nope")
    with pytest.raises(ProfileError, match="expected a mapping"):
        parse_profile(["a"])


def test_pillar_counts_of_the_ctc_profile(profile: Any) -> None:
    assert Counter(p.value for p, _ in profile.decisions) == {
        "operational_excellence": 7,
        "security": 8,
        "reliability": 8,
        "performance_efficiency": 8,
        "cost_optimization": 8,
        "sustainability": 5,
    }


def test_scope_keeps_the_platform_and_account_singletons() -> None:
    from coattail.review.inventory import Inventory, LakeFormationSettings, S3Bucket
    from coattail.review.model import Drift, SourceKind

    def bucket(name: str) -> S3Bucket:
        return S3Bucket(id=f"arn:aws:s3:::{name}", name=name, source=SourceKind.LIVE)

    settings = LakeFormationSettings(
        id="arn:aws:lakeformation:us-east-1:1:settings", name="data-lake-settings", source=SourceKind.LIVE
    )
    drift = (
        Drift(resource_type="AWS::S3::Bucket", resource_id="arn:aws:s3:::payroll", attribute="versioning"),
        Drift(resource_type="AWS::S3::Bucket", resource_id="arn:aws:s3:::ctc-dev-raw-1", attribute="x"),
    )
    inv = Inventory.from_resources([bucket("ctc-dev-raw-1"), bucket("payroll"), settings], drift=drift)
    scoped = load_profile("ctc").scope.apply(inv)
    assert [b.name for b in scoped.s3_buckets] == ["ctc-dev-raw-1"]
    assert scoped.lakeformation_settings == (settings,)
    assert [d.resource_id for d in scoped.drift] == ["arn:aws:s3:::ctc-dev-raw-1"]
    assert parse_profile(minimal()).scope.apply(inv) is inv  # no patterns: the whole account


def test_the_profile_format_example_in_the_readme_is_valid() -> None:
    text = (REPO_ROOT / "review" / "profiles" / "README.md").read_text(encoding="utf-8")
    example = text.split("```yaml\n", 1)[1].split("```", 1)[0]
    profile = parse_profile(yaml.safe_load(example), source="README example")
    profile.validate_against(load_checks())
    assert profile.scope.resource_patterns == ("acme-prod-*",)
