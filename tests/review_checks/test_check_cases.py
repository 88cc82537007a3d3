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


def test_every_judged_resource_type_has_a_holding_and_a_broken_case(
    checks: dict[str, Any], all_cases: dict[str, Any]
) -> None:
    """A verdict that never changes for a resource type is a constant, not evidence.

    Over all of a check's rows, every resource type the check judges (PASS or FAIL, in the live or
    the Terraform view) must be seen both passing and failing.
    """
    constant: dict[str, dict[str, set[str]]] = {}
    for check_id, rows in sorted(all_cases.items()):
        seen: dict[str, set[str]] = {}
        for row in rows:
            for f in checks[check_id].run(row.inventory, row.params or None):
                if f.status in (Status.PASS, Status.FAIL):
                    seen.setdefault(f.resource_type, set()).add(f.status.value)
        stuck = {rtype: verdicts for rtype, verdicts in seen.items() if len(verdicts) < 2}
        if stuck:
            constant[check_id] = stuck
    assert not constant, constant
