"""Trail log files can be proven untampered."""

from __future__ import annotations

from review.checks._common import Findings, each, verdict
from review.checks._registry import check
from review.inventory import CloudTrailTrail, Inventory
from review.model import Finding


@check(
    id="cloudtrail_log_validation",
    title="CloudTrail log file validation is enabled",
    pillar="security",
    bp_id="SEC04-BP02",
    severity="medium",
    service="cloudtrail",
    resource_type="AWS::CloudTrail::Trail",
    rationale="Digest files let an investigator prove that delivered logs were not modified or deleted.",
    remediation="Enable log file validation on the trail.",
    remediation_terraform="enable_log_file_validation = true",
)
def cloudtrail_log_validation(inv: Inventory) -> Findings:
    def judge(t: CloudTrailTrail) -> Finding:
        return verdict(
            t,
            bool(t.log_file_validation),
            "log file validation enabled",
            "log file validation disabled",
            log_file_validation=t.log_file_validation,
        )

    yield from each(inv, CloudTrailTrail, "CloudTrail trails", judge)
