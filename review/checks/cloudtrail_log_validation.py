"""Trail log files can be proven untampered."""

from __future__ import annotations

from coattail.review.checks._common import Findings, attribute_in
from coattail.review.checks._registry import check
from coattail.review.inventory import CloudTrailTrail, Inventory


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
@attribute_in(
    CloudTrailTrail, "log_file_validation", [True], what="CloudTrail trails", label="log file validation"
)
def cloudtrail_log_validation(inv: Inventory) -> Findings:
    """Declared above: log file validation must be one of the allowed values."""
    yield from ()  # replaced by attribute_in
