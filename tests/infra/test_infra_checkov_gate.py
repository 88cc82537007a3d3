"""The checkov gate: zero unsuppressed failures, justified suppressions, and proof the gate bites."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow


def test_no_unsuppressed_checkov_failures(checkov_report: Any) -> None:
    assert checkov_report.parsing_errors == 0
    assert checkov_report.passed > 100, "checkov scanned suspiciously little"
    failures = sorted(checkov_report.failed_ids())
    assert failures == [], "unsuppressed checkov failures:\n" + "\n".join(f"{c} {r}" for c, r in failures)


def test_every_suppression_is_justified(suppressions: list[dict[str, Any]]) -> None:
    assert suppressions, "the suppression file lists nothing"
    ids = [entry.get("check") for entry in suppressions]
    assert len(ids) == len(set(ids)), "duplicate suppression entries"
    for entry in suppressions:
        assert re.fullmatch(r"CKV2?_AWS_\d+", str(entry.get("check"))), f"not a checkov AWS check id: {entry}"
        justification = str(entry.get("justification") or "").strip()
        assert len(justification) >= 40, f"{entry.get('check')}: justification missing or too short"


def test_gate_fails_when_the_public_access_block_is_removed(
    infra_copy: Path, checkov_runner: Any, suppressions: list[dict[str, Any]]
) -> None:
    # (Removing the SSE configuration does not fail checkov 3.2: since S3 encrypts every bucket
    # by default it treats default encryption as present; the read-back test asserts AES256.)
    module = infra_copy / "modules" / "s3-lakehouse" / "main.tf"
    text = module.read_text()
    broken, count = re.subn(
        r'resource "aws_s3_bucket_public_access_block" "this" \{.*?\n\}\n', "", text, flags=re.S
    )
    assert count == 1
    module.write_text(broken.replace("depends_on = [aws_s3_bucket_public_access_block.this]", ""))
    result = checkov_runner(infra_copy, [entry["check"] for entry in suppressions])
    failed = result.failed_ids()
    for bucket in ("raw", "processed", "checkpoint", "athena_results"):
        assert ("CKV2_AWS_6", f'module.s3_lakehouse.aws_s3_bucket.this["{bucket}"]') in failed, sorted(failed)


def test_gate_fails_when_a_data_plane_statement_uses_a_wildcard_resource(
    infra_copy: Path, checkov_runner: Any, suppressions: list[dict[str, Any]]
) -> None:
    module = infra_copy / "modules" / "iam" / "main.tf"
    text = module.read_text()
    broken = text.replace(
        'resources = [var.alerts_table_arn, "${var.alerts_table_arn}/index/*"]', 'resources = ["*"]'
    )
    assert broken != text
    module.write_text(broken)
    result = checkov_runner(infra_copy, [entry["check"] for entry in suppressions])
    assert any(
        check == "CKV_AWS_356" and "lambda_api" in resource for check, resource in result.failed_ids()
    ), sorted(result.failed_ids())
