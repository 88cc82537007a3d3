"""Static Terraform checks flip on fixtures read through the real Terraform source.

``"checkov_no_failures"``: a one-queue Terraform module planned by real Terraform (offline, from
the provider mirror) and scanned by real checkov; the accepted failure is suppressed the way
platform/infra/checkov-suppressions.yaml does. Removing the queue's encryption makes checkov fail
on it, the check names the queue and the security score drops.

``"terraform_no_drift"``: the deployed platform's Terraform state against the live account; one
stream's retention changed with boto3 is drift on that stream, and the operational excellence
score drops. The change is undone in ``finally``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from coattail.cli.terraform import Terraform
from coattail.review.checks._registry import load_checks
from coattail.review.collectors import CollectRequest, collect
from coattail.review.collectors.live import LiveOptions
from coattail.review.collectors.live.specs.storage import KINESIS_STREAMS
from coattail.review.collectors.terraform import TerraformOptions
from coattail.review.decisions import review_plan
from coattail.review.engine import review
from coattail.review.model import CheckResult, ReviewResults, SourceKind, Status
from coattail.review.profile import load_profile
from tests.review_checks.pillar_effect import assert_failure_costs_score

PROVIDER = """\
terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

# planned offline: nothing here calls AWS
provider "aws" {
  region                      = "us-east-1"
  access_key                  = "fixture"
  secret_key                  = "fixture"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}
"""
QUEUE = """\
resource "aws_sqs_queue" "inbox" {
  name                      = "ctc-dev-inbox"
  kms_master_key_id         = "alias/aws/sqs"
  message_retention_seconds = 345600
}
"""
ENCRYPTION = '  kms_master_key_id         = "alias/aws/sqs"\n'
SUPPRESSIONS = """\
suppressions:
  - check: CKV2_AWS_73
    justification: the AWS-managed SQS key is the accepted encryption for this queue
"""


@cache
def _reviewer() -> tuple[list[Any], Any]:
    checks = load_checks()
    return checks, review_plan(load_profile("ctc", checks))


def _review(request: CollectRequest) -> ReviewResults:
    checks, plan = _reviewer()
    return review(collect(request).inventory, checks, plan)


def _result(results: ReviewResults, check_id: str) -> CheckResult:
    return next(r for r in results.checks if r.meta.id == check_id)


def _failing(result: CheckResult) -> list[str]:
    return [f"{f.resource_id}: {f.message}" for f in result.findings if f.status == Status.FAIL]


# -- checkov on a planned fixture module ---------------------------------------------------------


@pytest.fixture()
def queue_module(tmp_path: Path) -> Path:
    root = tmp_path / "module"
    root.mkdir()
    (root / "providers.tf").write_text(PROVIDER, encoding="utf-8")
    (root / "queue.tf").write_text(QUEUE, encoding="utf-8")
    (root / "checkov-suppressions.yaml").write_text(SUPPRESSIONS, encoding="utf-8")
    return root


def _planned_review(tf: Terraform) -> ReviewResults:
    """``terraform plan`` + ``show -json`` of the module, checkov on its folder, the whole review."""
    plan_file = tf.workdir / "fixture.tfplan"
    tf.plan([], plan_file)
    plan_json = tf.workdir / "plan.json"
    plan_json.write_text(json.dumps(tf.show_json(plan_file)), encoding="utf-8")
    options = TerraformOptions(directory=tf.root, plan_json=plan_json)
    return _review(CollectRequest(sources=(SourceKind.TERRAFORM,), terraform=options))


@pytest.mark.slow
def test_checkov_no_failures_flips_when_the_queue_loses_its_encryption(
    queue_module: Path, tmp_path: Path
) -> None:
    tf = Terraform(workdir=tmp_path / "tf", root=queue_module)
    tf.init()
    clean = _planned_review(tf)
    holding = _result(clean, "checkov_no_failures")
    assert holding.status == Status.PASS, [f.message for f in holding.findings]
    assert [f.resource_id for f in holding.findings] == ["aws_sqs_queue.inbox"]
    assert holding.findings[0].location is not None
    assert holding.findings[0].location.path == "queue.tf"

    queue = queue_module / "queue.tf"
    queue.write_text(QUEUE.replace(ENCRYPTION, ""), encoding="utf-8")
    broken = _planned_review(tf)
    failing = _result(broken, "checkov_no_failures")
    assert failing.status == Status.FAIL
    (line,) = _failing(failing)
    assert line.startswith("aws_sqs_queue.inbox: ctc-dev-inbox: checkov failed: CKV_AWS_27"), line
    assert_failure_costs_score(clean, broken, "checkov_no_failures")


def test_checkov_failure_without_a_suppression_is_open(queue_module: Path) -> None:
    """The suppression file is what makes the clean fixture clean: without it, CKV2_AWS_73 is open."""
    from coattail.review.collectors.terraform.checkov import load_suppressions, map_results, run_checkov

    reports = run_checkov(queue_module)
    suppressed = map_results(reports, [], load_suppressions(queue_module))
    assert [(f.check_id, f.result) for f in suppressed] == [("CKV2_AWS_73", "SKIPPED")]
    (queue_module / "checkov-suppressions.yaml").unlink()
    opened = map_results(reports, [], load_suppressions(queue_module))
    assert [(f.check_id, f.result) for f in opened] == [("CKV2_AWS_73", "FAILED")]


# -- drift between the deployed platform's state and the account --------------------------------


@pytest.fixture(scope="module")
def deployed_state(deployment: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tfstate") / "show.json"
    path.write_text(json.dumps(deployment.terraform.show_json()), encoding="utf-8")
    return path


def _retention(aws: Callable[[str], Any], stream: str) -> int:
    summary = aws("kinesis").describe_stream_summary(StreamName=stream)["StreamDescriptionSummary"]
    return int(summary["RetentionPeriodHours"])


@pytest.mark.emulator
def test_terraform_no_drift_flips_when_a_stream_is_changed_live(
    deployment: Any, deployed_state: Path, endpoint_url: str, aws: Callable[[str], Any]
) -> None:
    stream = deployment.outputs["kinesis_stream_names"]["trades"]
    request = CollectRequest(
        sources=(SourceKind.LIVE, SourceKind.TERRAFORM),
        live=LiveOptions(endpoint_url=endpoint_url, specs=(KINESIS_STREAMS,)),
        terraform=TerraformOptions(
            directory=deployment.root,
            plan_json=deployed_state,
            path_prefix="platform/infra",
            run_checkov=False,
        ),
    )
    matching = _review(request)
    holding = _result(matching, "terraform_no_drift")
    assert holding.status == Status.PASS, _failing(holding)
    assert any(stream in f.resource_id for f in holding.findings)

    hours = _retention(aws, stream)
    aws("kinesis").increase_stream_retention_period(StreamName=stream, RetentionPeriodHours=hours + 24)
    try:
        drifted = _review(request)
    finally:
        aws("kinesis").decrease_stream_retention_period(StreamName=stream, RetentionPeriodHours=hours)
    failing = _result(drifted, "terraform_no_drift")
    assert failing.status == Status.FAIL
    (line,) = _failing(failing)
    assert stream in line and f"retention_hours: terraform={hours} live={hours + 24}" in line, line
    assert_failure_costs_score(matching, drifted, "terraform_no_drift")
    assert _retention(aws, stream) == hours
