"""Cases for billing_auto_stop: the billing alarm that invokes the emergency shutoff function."""

from __future__ import annotations

from typing import Any

from coattail.review.inventory import (
    CloudWatchAlarm,
    IAMRole,
    LambdaFunction,
    NamedPolicy,
    PolicyDocument,
)
from coattail.review.model import NotAssessed, SourceKind

ACCOUNT_ARN = "arn:aws:{service}:us-east-1:123456789012:{rest}"
TOPIC = ACCOUNT_ARN.format(service="sns", rest="ctc-dev-alarms")
FUNCTION = ACCOUNT_ARN.format(service="lambda", rest="function:ctc-dev-auto-stop")
ALARM = ACCOUNT_ARN.format(service="cloudwatch", rest="alarm:ctc-dev-billing-auto-stop")
ROLE = "arn:aws:iam::123456789012:role/ctc-dev-lambda-auto-stop"
STOP = ["ecs:ListTasks", "ecs:StopTask", "emr-serverless:CancelJobRun", "emr-serverless:StopApplication"]


def cases(b: Any) -> dict[str, list[Any]]:
    R = b.Row
    P, F, U = b.PASS, b.FAIL, b.UNKNOWN

    def alarm(name: str, threshold: float, actions: tuple[str, ...], **kw: Any) -> CloudWatchAlarm:
        kw.setdefault("id", ACCOUNT_ARN.format(service="cloudwatch", rest=f"alarm:{name}"))
        return b.make(
            CloudWatchAlarm,
            name,
            namespace="AWS/Billing",
            metric_name="EstimatedCharges",
            threshold=threshold,
            actions_enabled=kw.pop("actions_enabled", True),
            alarm_actions=actions,
            **kw,
        )

    def invoke_policy(
        source_arn: str, principal: str = "lambda.alarms.cloudwatch.amazonaws.com"
    ) -> PolicyDocument | None:
        statement = {
            "Effect": "Allow",
            "Principal": {"Service": principal},
            "Action": "lambda:InvokeFunction",
            "Resource": FUNCTION,
            "Condition": {"ArnLike": {"AWS:SourceArn": source_arn}},
        }
        return PolicyDocument.parse({"Version": "2012-10-17", "Statement": [statement]})

    def function(policy: PolicyDocument | None, **kw: Any) -> LambdaFunction:
        return b.make(LambdaFunction, "ctc-dev-auto-stop", id=FUNCTION, role_arn=ROLE, policy=policy, **kw)

    def role(actions: list[str], **kw: Any) -> IAMRole:
        document = PolicyDocument.parse(
            {"Statement": [{"Effect": "Allow", "Action": actions, "Resource": "*"}]}
        )
        return b.make(
            IAMRole,
            "ctc-dev-lambda-auto-stop",
            id=ROLE,
            inline_policies=(NamedPolicy(name="ctc-dev-lambda-auto-stop-policy", document=document),),
            **kw,
        )

    notify = alarm("ctc-dev-billing-estimated-charges", 25.0, (TOPIC,))
    shutoff = alarm("ctc-dev-billing-auto-stop", 50.0, (FUNCTION, TOPIC), id=ALARM)
    fn, stopper = function(invoke_policy(ALARM)), role(STOP)
    lambda_gap = NotAssessed(service="lambda", source=SourceKind.LIVE, reason="AccessDenied")
    return {
        "billing_auto_stop": [
            # the platform as deployed: the notification alarm at 25, the shutoff at 50 invoking the function
            R(
                b.inventory(notify, shutoff, fn, stopper),
                {P: {"ctc-dev-billing-auto-stop"}},
                {"max_threshold_usd": 50},
            ),
            # the shutoff alarm only notifies: nothing stops
            R(
                b.inventory(notify, shutoff.model_copy(update={"alarm_actions": (TOPIC,)}), fn, stopper),
                {F: {"ctc-dev-billing-estimated-charges", "ctc-dev-billing-auto-stop"}},
            ),
            # above the claimed threshold
            R(
                b.inventory(shutoff.model_copy(update={"threshold": 80.0}), fn, stopper),
                {F: {"ctc-dev-billing-auto-stop"}},
                {"max_threshold_usd": 50},
            ),
            # actions disabled
            R(
                b.inventory(shutoff.model_copy(update={"actions_enabled": False}), fn, stopper),
                {F: {"ctc-dev-billing-auto-stop"}},
            ),
            # the function is gone (Lambda functions were listed), or Lambda was not collected at all
            R(
                b.inventory(shutoff, stopper, live_resource_types=(LambdaFunction.resource_type,)),
                {F: {"ctc-dev-billing-auto-stop"}},
            ),
            R(b.inventory(shutoff, stopper), {U: {"ctc-dev-billing-auto-stop"}}),
            # its role was not collected
            R(b.inventory(shutoff, fn), {U: {"ctc-dev-billing-auto-stop"}}),
            # CloudWatch may not invoke it: no policy, another principal, another alarm
            R(b.inventory(shutoff, function(None), stopper), {F: {"ctc-dev-billing-auto-stop"}}),
            R(
                b.inventory(shutoff, function(invoke_policy(ALARM, "events.amazonaws.com")), stopper),
                {F: {"ctc-dev-billing-auto-stop"}},
            ),
            R(
                b.inventory(shutoff, function(invoke_policy(ALARM + "-other")), stopper),
                {F: {"ctc-dev-billing-auto-stop"}},
            ),
            # its role may not stop the application
            R(b.inventory(shutoff, fn, role(STOP[:3])), {F: {"ctc-dev-billing-auto-stop"}}),
            # no billing alarm at all
            R(b.inventory(fn, stopper), {F: {"cloudwatch:alarm on AWS/Billing EstimatedCharges"}}),
            # evidence missing: Lambda not collected, the role's policy unreadable, a plan's pending actions
            R(b.inventory(shutoff, stopper, not_assessed=(lambda_gap,)), {U: {"ctc-dev-billing-auto-stop"}}),
            R(
                b.inventory(
                    shutoff,
                    fn,
                    stopper.model_copy(update={"inline_policies": (NamedPolicy(name="unreadable"),)}),
                ),
                {U: {"ctc-dev-billing-auto-stop"}},
            ),
            # a plan: the permission's source ARN (the alarm's) is known only after apply
            R(
                b.inventory(
                    shutoff,
                    stopper,
                    fn.model_copy(update={"source": SourceKind.TERRAFORM, "unknown_attributes": ("policy",)}),
                ),
                {U: {"ctc-dev-billing-auto-stop"}},
            ),
            R(
                b.inventory(
                    notify,
                    alarm(
                        "ctc-dev-billing-auto-stop",
                        50.0,
                        (TOPIC,),
                        source=SourceKind.TERRAFORM,
                        unknown_attributes=("alarm_actions",),
                    ),
                ),
                {F: {"ctc-dev-billing-estimated-charges"}, U: {"ctc-dev-billing-auto-stop"}},
            ),
        ],
    }
