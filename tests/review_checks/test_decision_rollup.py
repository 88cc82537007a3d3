"""Decision roll-up: status, implementation from observed values, evidence, improvements."""

from __future__ import annotations

from typing import Any

from coattail.review.checks._registry import load_checks
from coattail.review.decisions import decision_status, review_plan, roll_up
from coattail.review.engine import review
from coattail.review.inventory import DynamoDBTable, Inventory, KeyElement, S3Bucket
from coattail.review.model import CheckResult, Finding, Location, SourceKind, Status
from coattail.review.profile import parse_profile

PROFILE = {
    "id": "demo",
    "title": "Demo",
    "document_control": {"project": "Demo", "version": "1", "framework_version": "WAF 2024", "scope": "all"},
    "pillars": [
        {
            "pillar": "security",
            "design_principle": "Encrypt everything.",
            "decisions": [
                {
                    "area": "At rest",
                    "claim": "AES256 on every bucket",
                    "checks": {"s3_bucket_encryption": None},
                },
                {
                    "area": "Keys",
                    "claim": "Bucket keys",
                    "checks": {"s3_bucket_key_enabled": None, "s3_public_access_blocked": None},
                },
            ],
            "improvements": ["Use KMS keys"],
        },
        {
            "pillar": "reliability",
            "design_principle": "Idempotent writes.",
            "decisions": [
                {
                    "area": "Idempotency",
                    "claim": "keyed on alert_id",
                    "checks": {"dynamodb_idempotent_key": {"tables": ["alerts"]}},
                }
            ],
        },
    ],
}


def result(check_id: str, *statuses: Status) -> CheckResult:
    meta = next(c.meta for c in load_checks() if c.id == check_id)
    findings = tuple(
        Finding(
            resource_id=f"arn:aws:s3:::b{n}",
            resource_type="AWS::S3::Bucket",
            source=SourceKind.LIVE,
            status=s,
            message=f"b{n}: observed {s.value}",
            location=Location(path="infra/s3.tf", start_line=n) if n else None,
        )
        for n, s in enumerate(statuses)
    )
    return CheckResult(meta=meta, status=_agg(statuses), findings=findings)


def _agg(statuses: tuple[Status, ...]) -> Status:
    for s in (Status.FAIL, Status.UNKNOWN, Status.PASS):
        if s in statuses:
            return s
    return Status.NOT_APPLICABLE


def test_status_rules() -> None:
    p, f, u, na = (
        result("s3_bucket_encryption", s)
        for s in (Status.PASS, Status.FAIL, Status.UNKNOWN, Status.NOT_APPLICABLE)
    )
    assert decision_status([p, p]) == Status.PASS
    assert decision_status([p, f, u]) == Status.FAIL
    assert decision_status([p, u]) == Status.UNKNOWN
    assert decision_status([p, None]) == Status.UNKNOWN
    # a check with nothing to judge proves nothing: the row is not evidenced, never a pass
    assert decision_status([p, na]) == Status.UNKNOWN
    assert decision_status([na]) == Status.UNKNOWN
    assert decision_status([]) == Status.UNKNOWN


def test_roll_up_states_observed_values_and_cites_resources() -> None:
    profile = parse_profile(PROFILE)
    results = [
        result("s3_bucket_encryption", Status.PASS, Status.PASS),
        result("s3_bucket_key_enabled", Status.PASS, Status.FAIL),
        result("s3_public_access_blocked", Status.PASS),
    ]
    decisions, improvements = roll_up(profile, results)
    at_rest, keys, idem = decisions
    assert at_rest.status == Status.PASS and at_rest.claim == "AES256 on every bucket"
    assert at_rest.implementation == "b0: observed PASS; b1: observed PASS"
    assert at_rest.evidence == ("arn:aws:s3:::b0", "arn:aws:s3:::b1")
    assert keys.status == Status.FAIL and keys.implementation.startswith("FAIL: b1: observed FAIL")
    assert idem.status == Status.UNKNOWN and "dynamodb_idempotent_key: not run" in idem.implementation
    assert [(i.origin, i.pillar.value) for i in improvements] == [
        ("profile", "security"),
        ("s3_bucket_key_enabled", "performance_efficiency"),
    ]
    assert "S3 Bucket Key" in improvements[1].text and "1 failing resource" in improvements[1].text


def test_waived_failures_are_not_improvements() -> None:
    profile = parse_profile(PROFILE)
    waived = result("s3_bucket_key_enabled", Status.FAIL).model_copy(update={"waived": True})
    _, improvements = roll_up(profile, [waived])
    assert [i.origin for i in improvements] == ["profile"]


def test_engine_with_profile_plan_rolls_up_real_findings() -> None:
    profile = parse_profile(PROFILE)
    keys = (KeyElement(name="alert_id", key_type="HASH"), KeyElement(name="detected_at", key_type="RANGE"))
    inv = Inventory.from_resources(
        [
            S3Bucket(
                id="arn:aws:s3:::raw",
                name="raw",
                source=SourceKind.LIVE,
                encryption_algorithm="AES256",
                bucket_key_enabled=True,
            ),
            DynamoDBTable(
                id="arn:aws:dynamodb:us-east-1:1:table/alerts",
                name="alerts",
                source=SourceKind.LIVE,
                key_schema=keys,
            ),
        ]
    )
    results = review(inv, load_checks(), review_plan(profile))
    by_area = {d.area: d for d in results.decisions}
    assert by_area["At rest"].status == Status.PASS
    assert by_area["At rest"].implementation == "raw: default encryption AES256"
    assert by_area["At rest"].evidence == ("arn:aws:s3:::raw",)
    assert by_area["Keys"].status == Status.FAIL  # no public access block on the bucket
    assert by_area["Idempotency"].status == Status.PASS
    assert "alert_id (hash) / detected_at (range)" in by_area["Idempotency"].implementation
    assert results.design_principles[next(iter(results.design_principles))] == "Encrypt everything."
    assert any(i.origin == "s3_public_access_blocked" for i in results.improvements)


def test_profile_scope_restricts_the_review_to_the_platform() -> None:
    scoped = parse_profile({**PROFILE, "scope": {"resource_patterns": ["ctc-*"]}})
    inv = Inventory.from_resources(
        [
            S3Bucket(
                id="arn:aws:s3:::ctc-raw",
                name="ctc-raw",
                source=SourceKind.LIVE,
                encryption_algorithm="AES256",
            ),
            S3Bucket(id="arn:aws:s3:::payroll", name="payroll", source=SourceKind.LIVE),
        ]
    )
    results = review(inv, load_checks(), review_plan(scoped))  # the plan applies the profile's scope
    encryption = next(r for r in results.checks if r.meta.id == "s3_bucket_encryption")
    assert [f.resource_id for f in encryption.findings] == ["arn:aws:s3:::ctc-raw"]
    assert encryption.status == Status.PASS
    unscoped = review(inv, load_checks(), review_plan(parse_profile(PROFILE)))
    assert next(r for r in unscoped.checks if r.meta.id == "s3_bucket_encryption").status == Status.FAIL


def _judged(*bound: tuple[str, tuple[str, ...]]) -> dict[str, object]:
    pillar = {
        "pillar": "security",
        "design_principle": "Encrypt everything.",
        "improvements": [
            {"text": text, "checks": list(checks)} if checks else text for text, checks in bound
        ],
    }
    return {**PROFILE, "pillars": [pillar]}


def test_improvements_are_judged_from_their_checks_and_ordered_by_risk() -> None:
    profile = parse_profile(
        _judged(
            ("Encrypt buckets", ("s3_bucket_encryption",)),
            ("Measure carbon", ()),
            ("Bucket keys", ("s3_bucket_key_enabled",)),
            ("Block public access", ("s3_public_access_blocked",)),
            ("Versioning", ("s3_versioning_enabled",)),
        )
    )
    waived = result("s3_public_access_blocked", Status.FAIL).model_copy(update={"waived": True})
    results = [
        result("s3_bucket_encryption", Status.PASS, Status.PASS),
        result("s3_bucket_key_enabled", Status.PASS, Status.FAIL),
        waived,
        result("s3_versioning_enabled", Status.NOT_APPLICABLE),
    ]
    _, improvements = roll_up(profile, results)
    judged = [(i.text, i.status.value) for i in improvements]
    assert judged == [
        ("Bucket keys", "open"),
        ("Block public access", "accepted"),
        ("Versioning", "not assessed"),  # nothing to judge; a severity of its own ranks it first
        ("Measure carbon", "not assessed"),
        ("Encrypt buckets", "done"),
    ]
    done = improvements[-1]
    assert done.check_ids == ("s3_bucket_encryption",)
    assert any("b0: observed PASS" in e for e in done.evidence)
    assert "judged by hand" in improvements[3].evidence[0]
    # a failing check bound to an opportunity is not listed a second time
    assert [i.origin for i in improvements].count("s3_bucket_key_enabled") == 0


def test_an_improvement_bound_to_an_unknown_check_is_a_profile_error() -> None:
    import pytest

    from coattail.review.profile import ProfileError

    profile = parse_profile(_judged(("Something", ("no_such_check",))))
    with pytest.raises(ProfileError, match="no_such_check"):
        profile.validate_against(load_checks())


def test_a_claim_that_moved_on_keeps_the_seeds_wording_beside_it() -> None:
    raw = {**PROFILE}
    raw["pillars"] = [
        {
            "pillar": "security",
            "design_principle": "Scan.",
            "decisions": [
                {
                    "area": "Security Scanning",
                    "claim": "checkov only",
                    "seed_claim": "tfsec + checkov",
                    "checks": {"s3_bucket_encryption": None},
                }
            ],
        }
    ]
    decisions, _ = roll_up(parse_profile(raw), [result("s3_bucket_encryption", Status.PASS)])
    assert (decisions[0].claim, decisions[0].seed_claim) == ("checkov only", "tfsec + checkov")


def test_a_deferred_improvement_says_why_until_when_and_reopens_after() -> None:
    from datetime import date

    import pytest

    from coattail.review.decisions import improvements

    spec: dict[str, Any] = {
        "text": "Enhanced fan-out",
        "deferred": {"reason": "one consumer", "until": "2027-06-30", "owner": "Architect"},
    }
    raw: dict[str, Any] = _judged(("Enhanced fan-out", ()))
    raw["pillars"][0]["improvements"] = [spec]
    profile = parse_profile(raw)
    (deferred,) = improvements(profile, [], today=date(2027, 6, 30))  # in force up to and including
    assert deferred.status.value == "deferred" and deferred.deferred_until == date(2027, 6, 30)
    assert deferred.evidence == ("deferred until 2027-06-30, Architect: one consumer",)
    (expired,) = improvements(profile, [], today=date(2027, 7, 1))
    assert expired.status.value == "open" and "deferral expired on 2027-06-30" in expired.evidence[0]
    spec["checks"] = ["s3_bucket_encryption"]
    with pytest.raises(Exception, match="a failing check is accepted by a waiver"):
        parse_profile(raw)
