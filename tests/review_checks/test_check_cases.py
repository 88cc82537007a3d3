"""Every check on hand-built inventories: a row where the property holds and one where it is broken."""

from __future__ import annotations

from typing import Any

from coattail.review.model import SourceKind, Status


def test_check_verdicts(check_case: tuple[str, Any], checks: dict[str, Any], b: Any) -> None:
    check_id, row = check_case
    findings = checks[check_id].run(row.inventory, row.params or None)
    assert b.verdicts(findings) == row.expected
    for f in findings:
        assert f.message and f.resource_id
        if f.status in (Status.PASS, Status.FAIL):
            assert f.resource_type
        if f.status == Status.UNKNOWN and f.observed.get("unknown_attributes"):
            # says which value is pending, and why: a plan knows it only after apply
            pending = f.observed["unknown_attributes"]
            assert all(name in f.message for name in pending), f.message
            if f.source == SourceKind.TERRAFORM:
                assert f.message.endswith("known only after apply"), f.message


def test_every_check_has_a_holding_and_a_broken_case(
    checks: dict[str, Any], all_cases: dict[str, Any]
) -> None:
    missing = sorted(set(checks) - set(all_cases))
    assert not missing, f"checks without cases: {missing}"
    for check_id, rows in all_cases.items():
        kinds = {r.kind for r in rows}
        assert kinds == {"holds", "broken"}, (check_id, kinds)
