"""One resource, one entity: the live and Terraform verdicts of one resource join into one finding."""

from __future__ import annotations

from datetime import date

from coattail.review.checks._registry import load_checks
from coattail.review.engine import ReviewPlan, review
from coattail.review.entities import Twin, combine, join_findings
from coattail.review.inventory import Inventory, KinesisStream
from coattail.review.model import Finding, Location, SourceKind, Status, Waiver

P, F, U, NA = Status.PASS, Status.FAIL, Status.UNKNOWN, Status.NOT_APPLICABLE
ARN = "arn:aws:kinesis:us-east-1:123456789012:stream/ctc-dev-trades"
ADDRESS = "module.kinesis.aws_kinesis_stream.trades"


def _finding(source: SourceKind, status: Status, message: str, resource_id: str) -> Finding:
    return Finding(
        resource_id=resource_id,
        resource_type="AWS::Kinesis::Stream" if source == SourceKind.LIVE else "aws_kinesis_stream",
        source=source,
        status=status,
        message=message,
        location=Location(path="platform/infra/modules/kinesis/main.tf", start_line=3)
        if source == SourceKind.TERRAFORM
        else None,
    )


def test_combine_fails_if_either_view_fails_and_lets_a_blind_view_defer() -> None:
    assert combine(P, F) == combine(F, P) == F
    assert combine(P, U) == combine(U, P) == combine(P, NA) == P
    assert combine(U, NA) == U and combine(NA, NA) == NA


def test_two_views_of_one_stream_become_one_finding_citing_both() -> None:
    live = _finding(SourceKind.LIVE, P, "encrypted with KMS", ARN)
    tf = _finding(SourceKind.TERRAFORM, F, "encryption_type NONE", ADDRESS)
    other = _finding(SourceKind.LIVE, P, "encrypted with KMS", ARN.replace("trades", "dlq"))
    (joined, untouched) = join_findings([live, tf, other], {ADDRESS: Twin(ARN, ADDRESS)})
    assert untouched == other
    assert (joined.resource_id, joined.terraform_address, joined.status) == (ARN, ADDRESS, F)
    assert joined.views == (SourceKind.LIVE, SourceKind.TERRAFORM)
    assert joined.location is not None and joined.location.start_line == 3
    assert joined.message == "encryption_type NONE (the live view: encrypted with KMS)"


def test_a_view_judged_twice_is_not_guessed_at() -> None:
    live = _finding(SourceKind.LIVE, P, "a", ARN)
    tfs = [_finding(SourceKind.TERRAFORM, P, "b", ADDRESS), _finding(SourceKind.TERRAFORM, F, "c", ADDRESS)]
    assert join_findings([live, *tfs], {ADDRESS: Twin(ARN, ADDRESS)}) == (live, *tfs)


def _stream(source: SourceKind, **attrs: object) -> KinesisStream:
    live = source == SourceKind.LIVE
    return KinesisStream(
        id=ARN if live else ADDRESS,
        name="ctc-dev-trades",
        source=source,
        region="us-east-1" if live else None,
        tf_address=None if live else ADDRESS,
        **attrs,  # type: ignore[arg-type]
    )


def test_the_engine_judges_the_resource_once_and_a_waiver_on_its_address_applies() -> None:
    checks = [c for c in load_checks() if c.id == "kinesis_stream_encrypted"]
    inventory = Inventory(
        kinesis_streams=(
            _stream(SourceKind.LIVE, encryption_type="NONE"),
            _stream(SourceKind.TERRAFORM, encryption_type="NONE"),
        )
    )
    results = review(inventory, checks)
    (result,) = results.checks
    (finding,) = result.findings
    assert finding.status == F and finding.resource_id == ARN and finding.terraform_address == ADDRESS

    waiver = Waiver(
        id="w",
        check_id="kinesis_stream_encrypted",
        resource="module.kinesis.*",
        justification="test",
        expires=date(2100, 1, 1),
    )
    waived = review(inventory, checks, ReviewPlan(waivers=(waiver,)), today=date(2026, 1, 1))
    assert waived.checks[0].findings[0].waived_by == "w" and waived.checks[0].waived
