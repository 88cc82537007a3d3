"""Waivers: validation errors that name what was wrong, matching, expiry."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from coattail.review.model import Status
from coattail.review.waivers import WaiverError, apply_waivers, load_waivers, parse_waivers

P, F = Status.PASS, Status.FAIL
TODAY = date(2026, 11, 26)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "waivers.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_load_valid_file_with_defaults(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """
waivers:
  - check_id: dynamodb_pitr_enabled
    resource: "*alerts*"
    justification: PITR off for cost
    expires: 2027-01-31
    owner: platform
  - id: old
    check_id: "s3_*"
    justification: legacy
    expires: 2026-01-01
""",
    )
    waivers = load_waivers(path, known_check_ids=["dynamodb_pitr_enabled", "s3_versioning"])
    assert [w.id for w in waivers] == ["dynamodb_pitr_enabled-1", "old"]
    assert waivers[0].expires == date(2027, 1, 31) and waivers[1].resource == "*"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("waivers: {a: 1}", "expected a list"),
        (
            "waivers:\n  - check_id: x\n    expires: 2027-01-01\n",
            r"waiver #1 \(x-1\): justification: Field required",
        ),
        ("waivers:\n  - check_id: x\n    justification: j\n    expires: soon\n", "expires"),
        (
            "waivers:\n  - check_id: nope\n    justification: j\n    expires: 2027-01-01\n",
            "matches no known check",
        ),
        ("waivers:\n  - [1, 2]\n", "expected a mapping"),
        ("waivers: [\n", "not valid YAML"),
    ],
)
def test_invalid_files_name_the_problem(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(WaiverError, match=message):
        load_waivers(_write(tmp_path, text), known_check_ids=["x"])


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(WaiverError, match="cannot read waivers file"):
        load_waivers(tmp_path / "absent.yaml")


def test_apply_marks_failures_in_force_and_reports_expired(result) -> None:
    waivers = parse_waivers(
        [
            {
                "id": "live",
                "check_id": "c1",
                "resource": "*c1-1",
                "justification": "ok",
                "expires": "2026-11-26",
            },
            {"id": "gone", "check_id": "c2", "justification": "was ok", "expires": "2026-11-25"},
        ]
    )
    checks = [result("c1", P, F), result("c2", F), result("c3", F)]
    out, applied = apply_waivers(checks, waivers, TODAY)
    c1, c2, c3 = out
    assert c1.waived and c1.findings[1].waived_by == "live" and c1.findings[0].waived_by is None
    assert c1.status == F  # still FAIL, flagged waived (accepted risk)
    assert not c2.waived and c2.findings[0].waived_by is None  # expired waivers are not applied
    assert not c3.waived
    assert [(a.waiver.id, a.expired, a.matched_findings) for a in applied] == [
        ("live", False, 1),
        ("gone", True, 1),
    ]


def test_partially_waived_check_is_not_waived(result) -> None:
    waivers = parse_waivers(
        [{"id": "one", "check_id": "c", "resource": "*c-0", "justification": "j", "expires": "2030-01-01"}]
    )
    (out,), _ = apply_waivers([result("c", F, F)], waivers, TODAY)
    assert not out.waived and out.findings[0].waived_by == "one" and out.findings[1].waived_by is None
