"""Customer-managed policies that nothing uses are removed."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown_attributes, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import IAMPolicy, Inventory
from coattail.review.model import Finding


@check(
    id="iam_policy_unattached",
    title="Customer-managed IAM policies are attached to something",
    pillar="security",
    bp_id="SEC03-BP04",
    severity="low",
    service="iam",
    resource_type="AWS::IAM::ManagedPolicy",
    rationale="Unattached policies are dead configuration that can be attached later without review.",
    remediation="Delete unattached customer-managed policies.",
    remediation_terraform="# remove the unused aws_iam_policy",
)
def iam_policy_unattached(inv: Inventory) -> Findings:
    def judge(pol: IAMPolicy) -> Finding:
        n = pol.attachment_count
        return unknown_attributes(pol, "attachment_count") or verdict(
            pol,
            bool(n),
            f"attached to {n} principal(s)",
            "attached to nothing" if n == 0 else "attachment count unknown",
            attachment_count=n,
        )

    yield from each(inv, IAMPolicy, "customer-managed IAM policies", judge)
