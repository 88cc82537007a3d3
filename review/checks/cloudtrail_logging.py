"""API activity (including Lake Formation data access) is recorded."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import CloudTrailTrail, Inventory
from coattail.review.model import Finding


@check(
    id="cloudtrail_logging",
    title="A multi-region CloudTrail trail is logging",
    pillar="security",
    bp_id="SEC04-BP01",
    severity="high",
    service="cloudtrail",
    resource_type="AWS::CloudTrail::Trail",
    rationale="Without a trail there is no record of who changed permissions or read data (Lake Formation "
    "audit included) beyond 90 days of event history.",
    remediation="Create a multi-region trail with global service events, logging to an encrypted bucket.",
    remediation_terraform='resource "aws_cloudtrail" "main" {\n  is_multi_region_trail = true\n'
    "  include_global_service_events = true\n  enable_logging = true\n}",
)
def cloudtrail_logging(inv: Inventory) -> Findings:
    def judge(t: CloudTrailTrail) -> Finding:
        ok = bool(t.is_logging) and bool(t.is_multi_region)
        return verdict(
            t,
            ok,
            f"logging, multi-region, to s3://{t.s3_bucket}",
            f"{'logging' if t.is_logging else 'not logging'}, "
            f"{'multi-region' if t.is_multi_region else 'single-region'}",
            is_logging=t.is_logging,
            is_multi_region=t.is_multi_region,
        )

    yield from each(inv, CloudTrailTrail, "CloudTrail trails", judge, required=True)
