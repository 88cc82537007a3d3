"""Claim checks run only when a profile makes the claim; the profile is chosen from the account."""

from __future__ import annotations

from datetime import UTC, datetime

from coattail.review.checks._registry import load_checks
from coattail.review.engine import ReviewPlan, review
from coattail.review.inventory import Inventory, KinesisStream, SSMParameter
from coattail.review.model import CheckKind, SourceKind, SourceRun, Status
from coattail.review.profile import load_profile
from coattail.review.profile_choice import choose_profile

LIVE = SourceRun(
    kind=SourceKind.LIVE, target="123456789012/us-east-1", collected_at=datetime.now(UTC), ok=True
)
TF = SourceRun(kind=SourceKind.TERRAFORM, target="platform/infra", collected_at=datetime.now(UTC), ok=True)


def _parameter(name: str) -> SSMParameter:
    return SSMParameter(id=f"arn:aws:ssm:us-east-1:123456789012:parameter{name}", name=name,
                        source=SourceKind.LIVE, region="us-east-1")  # fmt: skip


def test_the_platform_profile_when_the_account_holds_its_parameters() -> None:
    holds = Inventory(ssm_parameters=(_parameter("/ctc/dev/config/symbols"),), sources=(LIVE,))
    choice = choose_profile(holds, "/ctc/dev/")
    assert choice.profile == "ctc" and "1 SSM parameters under /ctc/dev/" in choice.reason
    other = Inventory(ssm_parameters=(_parameter("/shop/prod/db-host"),), sources=(LIVE,))
    assert choose_profile(other, "/ctc/dev/").profile == "generic"
    assert choose_profile(Inventory(sources=(TF,)), "/ctc/dev/").profile == "ctc"  # no live account


def test_a_claim_nobody_makes_is_not_applicable_and_runs_when_named() -> None:
    checks = [c for c in load_checks() if c.id in ("kinesis_dlq_stream", "kinesis_stream_encrypted")]
    assert {c.meta.kind for c in checks} == {CheckKind.CLAIM, CheckKind.BEST_PRACTICE}
    stream = KinesisStream(id="arn:aws:kinesis:us-east-1:123456789012:stream/orders", name="orders",
                           source=SourceKind.LIVE, region="us-east-1", encryption_type="NONE")  # fmt: skip
    inventory = Inventory(kinesis_streams=(stream,), sources=(LIVE,))
    by_id = {r.meta.id: r for r in review(inventory, checks, ReviewPlan(profile_id="generic")).checks}
    assert by_id["kinesis_dlq_stream"].status == Status.NOT_APPLICABLE
    assert (
        by_id["kinesis_dlq_stream"].findings[0].message == "claim check: profile generic makes no such claim"
    )
    assert by_id["kinesis_stream_encrypted"].status == Status.FAIL  # best practices always apply
    named = review(inventory, checks, ReviewPlan(profile_id="x", claims=frozenset({"kinesis_dlq_stream"})))
    assert next(r for r in named.checks if r.meta.id == "kinesis_dlq_stream").status == Status.FAIL


def test_the_platform_profile_names_every_claim_check_and_the_generic_one_none() -> None:
    checks = load_checks()
    claims = {c.id for c in checks if c.meta.kind == CheckKind.CLAIM}
    assert len(claims) >= 30
    assert claims <= load_profile("ctc", checks).named_checks
    assert not claims & load_profile("generic", checks).named_checks
