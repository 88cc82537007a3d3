"""Permission policies list actions instead of granting whole services."""

from __future__ import annotations

from coattail.review.checks._common import Findings, none_found, verdict
from coattail.review.checks._iam import allow_statements, customer_roles, unknown_permissions
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import IAMRole, Inventory


@check(
    id="iam_policy_no_wildcard_actions",
    title='IAM role policies grant no "*" or "service:*" actions',
    pillar="security",
    bp_id="SEC03-BP02",
    severity="high",
    service="iam",
    resource_type="AWS::IAM::Role",
    rationale='"s3:*" includes DeleteBucket and PutBucketPolicy; a role should hold only the actions '
    "its code calls.",
    remediation="List the specific actions the workload uses (IAM Access Analyzer can generate them).",
    remediation_terraform='actions = ["kinesis:PutRecord", "kinesis:PutRecords"]  # not ["kinesis:*"]',
    params={"roles": ["*"]},
)
def iam_policy_no_wildcard_actions(inv: Inventory, p: Params) -> Findings:
    roles = customer_roles(inv, p.strs("roles"))
    for role in roles:
        wild = sorted({f"{name}: {a}" for name, s in allow_statements(role) for a in s.wildcard_actions})
        yield unknown_permissions(role, wild) or verdict(
            role,
            not wild,
            "no wildcard actions in any Allow statement",
            f"wildcard actions {', '.join(wild[:5])}" + (" ..." if len(wild) > 5 else ""),
            wildcard_actions=wild,
        )
    if not roles:
        yield none_found(inv, IAMRole, "IAM roles")
