"""Permission policies name the resources they grant access to."""

from __future__ import annotations

from coattail.review.checks._common import Findings, none_found, verdict
from coattail.review.checks._iam import (
    NO_RESOURCE_LEVEL_ACTIONS,
    action_in,
    allow_statements,
    customer_roles,
    unknown_permissions,
)
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import IAMRole, Inventory


@check(
    id="iam_policy_no_wildcard_resource",
    title='IAM role policies name resource ARNs (no Resource "*" on data-plane actions)',
    pillar="security",
    bp_id="SEC03-BP02",
    severity="high",
    service="iam",
    resource_type="AWS::IAM::Role",
    rationale='Resource "*" grants an action on every resource in the account, present and future; '
    "least privilege names the buckets, streams and tables a role needs.",
    remediation='Replace "*" with the specific ARNs; keep "*" only for actions without resource-level '
    "permissions, with a condition (e.g. cloudwatch:namespace).",
    remediation_terraform='resources = [aws_kinesis_stream.trades.arn]  # not ["*"]',
    params={"roles": ["*"], "allowed_star_actions": list(NO_RESOURCE_LEVEL_ACTIONS)},
)
def iam_policy_no_wildcard_resource(inv: Inventory, p: Params) -> Findings:
    allowed = p.strs("allowed_star_actions")
    roles = customer_roles(inv, p.strs("roles"))
    for role in roles:
        broad = sorted(
            {
                f"{name}: {a}"
                for name, s in allow_statements(role)
                if s.wildcard_resource
                for a in (s.actions or ("NotAction",))
                if not action_in(a, allowed)
            }
        )
        yield unknown_permissions(role, broad) or verdict(
            role,
            not broad,
            f"{sum(1 for _ in allow_statements(role))} Allow statements, all scoped to ARNs "
            "or to actions without resource-level permissions",
            f'Resource "*" on {", ".join(broad[:5])}' + (" ..." if len(broad) > 5 else ""),
            wildcard_resource_actions=broad,
        )
    if not roles:
        yield none_found(inv, IAMRole, "IAM roles")
