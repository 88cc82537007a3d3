"""AWS Config records resource configurations in every region reviewed."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, failed, unknown, unknown_attributes, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import ConfigRecorder, Inventory
from coattail.review.model import Finding


@check(
    id="config_recorder_enabled",
    title="AWS Config records resource configuration changes",
    pillar="security",
    bp_id="SEC04-BP01",
    severity="medium",
    service="config",
    resource_type="AWS::Config::ConfigurationRecorder",
    rationale="Without a recording configuration recorder there is no history of who changed which "
    "resource setting, and no AWS Config rule can evaluate compliance: an investigation has no "
    "configuration timeline to start from.",
    remediation="aws configservice put-configuration-recorder --configuration-recorder "
    "name=default,roleARN=<role> --recording-group allSupported=true,includeGlobalResourceTypes=true; "
    "aws configservice put-delivery-channel ...; "
    "aws configservice start-configuration-recorder --configuration-recorder-name default",
    remediation_terraform='resource "aws_config_configuration_recorder_status" "this" {\n'
    "  name       = aws_config_configuration_recorder.this.name\n  is_enabled = true\n}",
)
def config_recorder_enabled(inv: Inventory) -> Findings:
    def judge(r: ConfigRecorder) -> Finding:
        if r.recorder_name is None and not r.is_unknown("recorder_name"):
            return failed(r, f"no configuration recorder in {r.region}", recording=False)
        pending = unknown_attributes(r, "recording", "all_supported", "resource_types")
        if pending:
            return pending
        if r.recording is None:
            return unknown(r, "recording status not known")
        if r.all_supported:
            scope = "all supported resource types" + (
                " including global ones" if r.include_global_resource_types else ""
            )
        elif r.resource_types:
            scope = f"{len(r.resource_types)} resource types ({', '.join(r.resource_types[:5])})"
        else:
            scope = ""
        return verdict(
            r,
            bool(r.recording and scope),
            f"recording {scope}",
            "recorder stopped" if not r.recording else "recording no resource type",
            recording=r.recording,
            all_supported=r.all_supported,
            resource_types=list(r.resource_types),
            last_status=r.last_status,
        )

    yield from each(inv, ConfigRecorder, "AWS Config recorder settings", judge)
