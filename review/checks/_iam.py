"""IAM helpers shared by the IAM checks: role selection, statement walking, action matching."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator
from fnmatch import fnmatchcase

from coattail.review.checks._common import unknown_attributes
from coattail.review.collectors.terraform.after_apply import is_after_apply
from coattail.review.inventory import IAMRole, Inventory, PolicyStatement
from coattail.review.model import Finding

#: Actions with no resource-level permissions, so ``Resource: "*"`` is the only option (the
#: IAM Service Authorization Reference lists them); each should carry a condition where one exists.
NO_RESOURCE_LEVEL_ACTIONS = (
    "cloudwatch:PutMetricData",
    "cloudwatch:GetMetricData",
    "cloudwatch:ListMetrics",
    "xray:PutTraceSegments",
    "xray:PutTelemetryRecords",
    "xray:GetSamplingRules",
    "xray:GetSamplingTargets",
    "ecr:GetAuthorizationToken",
    "lakeformation:GetDataAccess",
    "logs:CreateLogDelivery",
    "logs:GetLogDelivery",
    "logs:UpdateLogDelivery",
    "logs:DeleteLogDelivery",
    "logs:ListLogDeliveries",
    "logs:PutResourcePolicy",
    "logs:DescribeResourcePolicies",
    "logs:DescribeLogGroups",
    "sts:GetCallerIdentity",
    "athena:ListWorkGroups",
    "kms:ListAliases",
)

WRITE_VERB = re.compile(
    r"^(Put|Delete|Create|Update|Attach|Detach|Modify|Start|Stop|Write|BatchWrite|Restore|Terminate|"
    r"Run|Invoke|Publish|Send|Set|Add|Remove|Grant|Revoke|Tag|Untag|Pass|Upload|Copy|Replace|Reset|"
    r"Enable|Disable|Import|Export|Submit|Cancel|Merge|Increase|Decrease|Register|Deregister)"
)


def is_service_linked(role: IAMRole) -> bool:
    """Roles AWS itself owns (service-linked): their policies are not the account's to scope."""
    return role.path.startswith("/aws-service-role/") or role.name.startswith("AWSServiceRoleFor")


def customer_roles(inv: Inventory, patterns: Iterable[str] = ("*",)) -> list[IAMRole]:
    pats = tuple(patterns)
    return [
        r for r in inv.iam_roles if not is_service_linked(r) and any(fnmatchcase(r.name, p) for p in pats)
    ]


def action_in(action: str, patterns: Iterable[str]) -> bool:
    """Case-insensitive IAM action match (``s3:Get*`` matches ``s3:GetObject``)."""
    a = action.lower()
    return any(fnmatchcase(a, p.lower()) for p in patterns)


def allow_statements(role: IAMRole) -> Iterator[tuple[str, PolicyStatement]]:
    """(policy name, statement) for every Allow statement of the role's permission policies."""
    for policy in role.policies:
        if policy.document is None:
            continue
        for s in policy.document.allow_statements:
            yield policy.name, s


def is_write(action: str) -> bool:
    name = action.split(":", 1)[-1]
    return name == "*" or bool(WRITE_VERB.match(name))


def service_actions(role: IAMRole, service: str) -> list[tuple[str, PolicyStatement]]:
    """Allow statements naming an action of ``service`` (e.g. ``dynamodb``)."""
    return [
        (name, s)
        for name, s in allow_statements(role)
        if any(a.lower().startswith(service + ":") or a == "*" for a in s.actions)
    ]


def unknown_policies(role: IAMRole) -> list[str]:
    """Policies whose document was not collected (their statements cannot be judged)."""
    return [p.name for p in role.policies if p.document is None]


def pending_resources(role: IAMRole) -> list[str]:
    """Policies naming a resource a plan knows only after apply (the ``known after apply`` marker
    of a policy rebuilt from its ``aws_iam_policy_document``): never ``*``, but not yet an ARN."""
    return [
        p.name
        for p in role.policies
        if p.document is not None
        and any(is_after_apply(r) for s in p.document.statements for r in s.resources + s.not_resources)
    ]


def unknown_permissions(
    role: IAMRole, violations: Collection[object] = (), *, exact_resources: bool = False
) -> Finding | None:
    """UNKNOWN when a permission policy's document is not known, else None.

    In a plan the JSON of a policy built from ARNs of resources created in the same apply is
    known only after apply: the role's statements cannot all be judged. ``violations`` already
    found in the known statements stand (more statements cannot undo them): then None, so the
    check still FAILs. Checks that compare resource ARNs with patterns (``exact_resources``)
    also cannot judge a policy whose resources are pending; those that only ask whether a
    resource is ``*`` can.
    """
    pending = pending_resources(role) if exact_resources else []
    if pending:
        return unknown_attributes(role, related=[f"policy {name} resource ARNs" for name in pending])
    if violations:
        return None
    return unknown_attributes(role, related=[f"policy {name} document" for name in unknown_policies(role)])


def unknown_trust(role: IAMRole) -> Finding | None:
    """UNKNOWN when the trust policy is known only after apply, else None."""
    return unknown_attributes(role, "trust_policy")
