"""Roles a service assumes on behalf of a resource are pinned to this account's resources."""

from __future__ import annotations

from coattail.review.checks._common import Findings, none_found, verdict
from coattail.review.checks._iam import customer_roles, unknown_trust
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import IAMRole, Inventory, PolicyStatement

#: Service principals whose own documentation recommends aws:SourceAccount / aws:SourceArn in the
#: trust policy of the role they assume for a customer resource (a schedule, state machine, rule,
#: pipe, flow log, recorder, task, cluster): the service passes the source context when it assumes
#: the role, so the condition works and guards the cross-service confused deputy. Deliberately not
#: judged: lambda.amazonaws.com, ec2.amazonaws.com, apigateway.amazonaws.com and other services
#: whose documentation does not give the condition for the role they assume (no source context to
#: pin, so the finding would be noise); a review profile may add principals via ``services``.
SOURCE_CONTEXT_SERVICES = (
    "scheduler.amazonaws.com",
    "states.amazonaws.com",
    "events.amazonaws.com",
    "pipes.amazonaws.com",
    "vpc-flow-logs.amazonaws.com",
    "config.amazonaws.com",
    "ecs-tasks.amazonaws.com",
    "elasticmapreduce.amazonaws.com",
)

#: Condition keys that pin the calling resource's account or the resource itself.
_SOURCE_KEYS = ("aws:sourceaccount", "aws:sourcearn", "aws:sourceorgid", "aws:sourceorgpaths")


def _pinned_by(statement: PolicyStatement) -> list[str]:
    """Source keys of a (non-negated) condition with no bare wildcard value."""
    found = []
    for operator, body in statement.conditions.items():
        if "not" in operator.lower():
            continue
        for key, values in body.items():
            if key.lower() in _SOURCE_KEYS and values and all(v.strip("*") for v in values):
                found.append(f"{key}={','.join(values)}")
    return found


@check(
    id="iam_role_service_trust_source_scoped",
    title="Roles trusted by AWS services are pinned to this account's resources (confused deputy)",
    pillar="security",
    bp_id="SEC03-BP02",
    severity="medium",
    service="iam",
    resource_type="AWS::IAM::Role",
    rationale="A role that a service assumes on behalf of a resource (an EventBridge schedule or rule, a "
    "Step Functions state machine, a pipe, a flow log, a Config recorder, an ECS task, an EMR cluster) can "
    "be named by that service's resources in any account unless its trust policy pins aws:SourceAccount, "
    "aws:SourceArn, aws:SourceOrgID or aws:SourceOrgPaths: the cross-service confused deputy. Judged: roles "
    "trusted by scheduler, states, events, pipes, vpc-flow-logs, config, ecs-tasks or elasticmapreduce "
    ".amazonaws.com (the services that document these keys for the role they assume). Not judged: roles "
    "trusted only by other services (Lambda, EC2 and API Gateway execution roles: no documented source "
    "context), and service-linked roles (AWS owns their trust).",
    remediation="aws iam update-assume-role-policy --role-name <role> --policy-document file://trust.json "
    '(add "Condition": {"StringEquals": {"aws:SourceAccount": "<account id>"}} to the service statement)',
    remediation_terraform='condition {\n  test     = "StringEquals"\n  variable = "aws:SourceAccount"\n'
    "  values   = [data.aws_caller_identity.current.account_id]\n}",
    params={"services": list(SOURCE_CONTEXT_SERVICES)},
)
def iam_role_service_trust_source_scoped(inv: Inventory, p: Params) -> Findings:
    services = {s.lower() for s in p.strs("services")}
    examined = 0
    for role in customer_roles(inv):
        pending = unknown_trust(role)
        if pending:
            yield pending
            continue
        if role.trust_policy is None:
            continue  # whom it trusts is not known: nothing says the role is one this check judges
        bare: set[str] = set()
        pinned: set[str] = set()
        for s in role.trust_policy.allow_statements:
            judged = {sv for sv in s.principals.get("Service", ()) if sv.lower() in services}
            if not judged:
                continue
            keys = _pinned_by(s)
            (pinned if keys else bare).update(judged)
        if not bare and not pinned:
            continue
        examined += 1
        yield verdict(
            role,
            not bare,
            f"{', '.join(sorted(pinned))} pinned by a source condition",
            f"trusted by {', '.join(sorted(bare))} without aws:SourceAccount / aws:SourceArn",
            services_without_source_condition=sorted(bare),
            services_pinned=sorted(pinned),
        )
    if not examined:
        yield none_found(inv, IAMRole, "IAM roles trusted by source-context services")
