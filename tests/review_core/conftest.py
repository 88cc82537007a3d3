"""Helpers for the review-core tests: hand-built check metadata, findings and results."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from review.model import CheckMeta, CheckResult, Finding, Pillar, Severity, SourceKind, Status

BP_PREFIX = {
    Pillar.OPERATIONAL_EXCELLENCE: "OPS",
    Pillar.SECURITY: "SEC",
    Pillar.RELIABILITY: "REL",
    Pillar.PERFORMANCE_EFFICIENCY: "PERF",
    Pillar.COST_OPTIMIZATION: "COST",
    Pillar.SUSTAINABILITY: "SUS",
}


def make_meta(
    check_id: str, pillar: Pillar = Pillar.SECURITY, severity: Severity = Severity.HIGH
) -> CheckMeta:
    return CheckMeta(
        id=check_id,
        title=f"Title of {check_id}",
        pillar=pillar,
        bp_id=f"{BP_PREFIX[pillar]}01-BP01",
        severity=severity,
        service="s3",
        resource_type="AWS::S3::Bucket",
        rationale="because",
        remediation="fix it",
    )


def make_finding(resource: str, status: Status, **kw: Any) -> Finding:
    return Finding(
        resource_id=resource,
        resource_type="AWS::S3::Bucket",
        source=SourceKind.LIVE,
        status=status,
        message=f"{resource} is {status}",
        **kw,
    )


@pytest.fixture
def result() -> Callable[..., CheckResult]:
    def build(
        check_id: str,
        *statuses: Status,
        pillar: Pillar = Pillar.SECURITY,
        severity: Severity = Severity.HIGH,
        waived: bool = False,
    ) -> CheckResult:
        findings = tuple(
            make_finding(
                f"arn:aws:s3:::{check_id}-{i}", s, waived_by="w" if waived and s == Status.FAIL else None
            )
            for i, s in enumerate(statuses)
        )
        from review.engine import aggregate_status

        return CheckResult(
            meta=make_meta(check_id, pillar, severity),
            status=aggregate_status(findings),
            findings=findings,
            waived=waived,
        )

    return build
