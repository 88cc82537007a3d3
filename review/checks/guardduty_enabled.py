"""GuardDuty watches every region reviewed for threats."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, failed, unknown_attributes, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import GuardDutyDetector, Inventory
from coattail.review.model import Finding


@check(
    id="guardduty_enabled",
    title="Amazon GuardDuty is enabled",
    pillar="security",
    bp_id="SEC04-BP01",
    severity="high",
    service="guardduty",
    resource_type="AWS::GuardDuty::Detector",
    rationale="GuardDuty analyses CloudTrail, VPC flow and DNS logs for compromised credentials, "
    "reconnaissance and crypto-mining; without an enabled detector those events are logged but nobody "
    "is told.",
    remediation="aws guardduty create-detector --enable (or aws guardduty update-detector "
    "--detector-id <id> --enable)",
    remediation_terraform='resource "aws_guardduty_detector" "this" {\n  enable = true\n}',
)
def guardduty_enabled(inv: Inventory) -> Findings:
    def judge(d: GuardDutyDetector) -> Finding:
        if d.detector_id is None and not d.is_unknown("detector_id"):
            return failed(d, f"no GuardDuty detector in {d.region}", detector_status=None)
        return unknown_attributes(d, "status") or verdict(
            d,
            d.status == "ENABLED",
            "detector enabled",
            f"detector {d.status or 'status not reported'}",
            detector_status=d.status,
        )

    yield from each(inv, GuardDutyDetector, "GuardDuty detector settings", judge)
