"""Runaway spend stops itself: a billing alarm invokes a function that stops the compute."""

from __future__ import annotations

from fnmatch import fnmatchcase

from coattail.review.checks._common import Findings, failed, none_found, unknown, unknown_attributes, verdict
from coattail.review.checks._iam import action_in, allow_statements, unknown_permissions
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import CloudWatchAlarm, IAMRole, Inventory, LambdaFunction
from coattail.review.model import Finding, SourceKind

#: The service principal CloudWatch alarms invoke Lambda functions as.
ALARM_PRINCIPAL = "lambda.alarms.cloudwatch.amazonaws.com"


@check(
    id="billing_auto_stop",
    kind="claim",
    title="A billing alarm invokes a Lambda function allowed to stop the compute (emergency shutoff)",
    pillar="cost_optimization",
    bp_id="COST02-BP05",
    severity="medium",
    service="cloudwatch",
    resource_type="AWS::CloudWatch::Alarm",
    rationale="A notification needs someone to read it; a runaway job or stream keeps billing overnight. An "
    "EstimatedCharges alarm at the shutoff threshold that invokes a function stopping the compute caps the "
    "damage without waiting for a person. The function must exist, CloudWatch alarms must be allowed to "
    "invoke it, and its role must be allowed to stop the tasks, cancel the job runs and stop the "
    "application.",
    remediation="Add an AWS/Billing EstimatedCharges alarm at the shutoff threshold whose alarm actions name "
    "the stop function; allow lambda.alarms.cloudwatch.amazonaws.com to invoke it (source ARN = the alarm); "
    "give its role ecs:StopTask, emr-serverless:CancelJobRun and emr-serverless:StopApplication.",
    remediation_terraform='resource "aws_cloudwatch_metric_alarm" "billing_auto_stop" {\n'
    '  namespace = "AWS/Billing"  metric_name = "EstimatedCharges"  threshold = 50\n'
    "  alarm_actions = [aws_lambda_function.auto_stop.arn, aws_sns_topic.alarms.arn]\n}\n"
    'resource "aws_lambda_permission" "billing_auto_stop" {\n'
    '  principal  = "lambda.alarms.cloudwatch.amazonaws.com"\n'
    "  source_arn = aws_cloudwatch_metric_alarm.billing_auto_stop.arn\n}",
    params={
        "max_threshold_usd": 50,
        "stop_actions": ["ecs:StopTask", "emr-serverless:CancelJobRun", "emr-serverless:StopApplication"],
    },
)
def billing_auto_stop(inv: Inventory, p: Params) -> Findings:
    alarms = [
        a
        for a in inv.cloudwatch_alarms
        if a.namespace == "AWS/Billing" and a.metric_name == "EstimatedCharges"
    ]
    if not alarms:
        yield none_found(inv, CloudWatchAlarm, "alarm on AWS/Billing EstimatedCharges", required=True)
        return
    invoking = [a for a in alarms if _function_actions(a)]
    if not invoking:
        for a in alarms:
            yield unknown_attributes(a, "alarm_actions") or failed(
                a,
                "no Lambda function among the alarm actions: it notifies but stops nothing",
                alarm_actions=list(a.alarm_actions),
            )
        return
    for a in invoking:
        yield _judge(inv, a, p)


def _function_actions(a: CloudWatchAlarm) -> list[str]:
    return [x for x in a.alarm_actions if x.split(":")[2:3] == ["lambda"] and ":function:" in x]


def _judge(inv: Inventory, alarm: CloudWatchAlarm, p: Params) -> Finding:
    pending = unknown_attributes(alarm, "threshold", "alarm_actions", "actions_enabled")
    if pending:
        return pending
    limit = float(p["max_threshold_usd"])
    problems = []
    if alarm.threshold is None or alarm.threshold > limit:
        problems.append(f"threshold {alarm.threshold} USD above {limit:g}")
    if not alarm.actions_enabled:
        problems.append("alarm actions disabled")
    observed: dict[str, object] = {"threshold": alarm.threshold, "alarm_actions": list(alarm.alarm_actions)}
    if problems:
        return failed(alarm, "; ".join(problems), **observed)
    results = [
        _function_can_stop(inv, alarm, arn, p.strs("stop_actions")) for arn in _function_actions(alarm)
    ]
    good = [r for r in results if r[0] is True]
    if good:
        return verdict(
            alarm,
            True,
            f"EstimatedCharges > {alarm.threshold:g} USD invokes {good[0][1]}",
            "",
            functions=[r[1] for r in results],
            **observed,
        )
    why = "; ".join(r[1] for r in results)
    if any(r[0] is None for r in results):
        return unknown(alarm, why, **observed)
    return failed(alarm, why, **observed)


def _function_can_stop(
    inv: Inventory, alarm: CloudWatchAlarm, arn: str, stop_actions: tuple[str, ...]
) -> tuple[bool | None, str]:
    """(True, name) when the function exists, alarms may invoke it and its role may stop the compute;
    (False, why) when one of these is observed false; (None, why) when one cannot be observed."""
    name = arn.split(":function:")[-1].split(":")[0]
    fn = next((f for f in inv.lambda_functions if f.id == arn or f.name == name), None)
    if fn is None:
        if not _listed(inv, LambdaFunction):
            return None, f"function {arn} not examined: Lambda functions not collected"
        return False, f"alarm action {arn} names no function in the inventory"
    if fn.is_unknown("policy"):
        why = "known only after apply" if fn.source == SourceKind.TERRAFORM else "not readable"
        return None, f"{fn.name}: resource policy {why}"
    if not _alarms_may_invoke(fn, alarm):
        return (
            False,
            f"{fn.name}: its resource policy does not let {ALARM_PRINCIPAL} invoke it for this alarm",
        )
    role = next((r for r in inv.iam_roles if fn.role_arn and r.id == fn.role_arn), None)
    if role is None:
        if not _listed(inv, IAMRole) or not fn.role_arn:
            return None, f"{fn.name}: role {fn.role_arn} not examined: IAM roles not collected"
        return False, f"{fn.name}: role {fn.role_arn} not found"
    missing = [a for a in stop_actions if not _role_allows(role, a)]
    if missing and unknown_permissions(role) is not None:
        return None, f"{fn.name}: role {role.name} policies not readable"
    if missing:
        return False, f"{fn.name}: role {role.name} may not {', '.join(missing)}"
    return True, fn.name


def _listed(inv: Inventory, cls: type[LambdaFunction] | type[IAMRole]) -> bool:
    """Whether the absence of a resource of ``cls`` is evidence: the type was read and holds some, or the
    live source enumerated it completely."""
    if inv.gaps(cls.service):
        return False
    return bool(inv.by_type(cls)) or cls.resource_type in inv.live_resource_types


def _alarms_may_invoke(fn: LambdaFunction, alarm: CloudWatchAlarm) -> bool:
    if fn.policy is None:
        return False
    for s in fn.policy.statements:
        if s.effect != "Allow" or ALARM_PRINCIPAL not in s.principals.get("Service", ()):
            continue
        if not any(action_in(a, ("lambda:InvokeFunction",)) for a in s.actions):
            continue
        sources = [
            v
            for body in s.conditions.values()
            for k, vs in body.items()
            if k.lower() == "aws:sourcearn"
            for v in vs
        ]
        if not sources or any(fnmatchcase(alarm.id, v) for v in sources):
            return True
    return False


def _role_allows(role: IAMRole, action: str) -> bool:
    return any(action_in(action, s.actions) for _, s in allow_statements(role))
