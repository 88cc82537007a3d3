"""EC2 instances answer only IMDSv2 (session-token) metadata requests."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, passed, unknown, unknown_attributes, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import EC2Instance, Inventory
from coattail.review.model import Finding


@check(
    id="ec2_imdsv2_required",
    title="EC2 instances require IMDSv2",
    pillar="security",
    bp_id="SEC06-BP02",
    severity="high",
    service="ec2",
    resource_type="AWS::EC2::Instance",
    rationale="With IMDSv1 enabled, a server-side request forgery in any application on the instance can "
    "read the instance role's credentials from the metadata service with one GET; requiring session "
    "tokens (IMDSv2) closes that path. It is part of a hardened compute configuration. An instance "
    "whose metadata endpoint is disabled passes.",
    remediation="aws ec2 modify-instance-metadata-options --instance-id <id> --http-tokens required "
    "--http-endpoint enabled",
    remediation_terraform='metadata_options {\n  http_tokens   = "required"\n  http_endpoint = "enabled"\n}',
)
def ec2_imdsv2_required(inv: Inventory) -> Findings:
    def judge(i: EC2Instance) -> Finding:
        if i.http_endpoint == "disabled":
            return passed(i, "instance metadata endpoint disabled", http_endpoint="disabled")
        if i.http_tokens is None:
            return unknown_attributes(i, "http_tokens") or unknown(i, "metadata options not read")
        return verdict(
            i,
            i.http_tokens == "required",
            "IMDSv2 required (http_tokens=required)",
            f"IMDSv1 allowed (http_tokens={i.http_tokens})",
            http_tokens=i.http_tokens,
        )

    yield from each(inv, EC2Instance, "EC2 instances", judge)
