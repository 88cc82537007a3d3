"""Emergency shutoff: a billing alarm invokes this function, which stops the platform's compute.

It runs the compute part of ``scripts/stop.sh`` (:mod:`coattail.autostop.compute`): the producer's
Fargate tasks, the streaming job runs and the EMR Serverless application. The Kinesis streams are
removed only through Terraform (the run state), which cannot run here; so the function publishes to
the alarms topic what it stopped and that ``scripts/stop.sh`` completes the stop. A step that fails
does not skip the others; the invocation then raises, so the asynchronous invocation is retried and
finally lands in the dead-letter queue. Idempotent: with nothing running it reports already-stopped.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from coattail.autostop.compute import Action, Compute, stop_job, stop_producer
from coattail.core.aws import AwsTarget
from coattail.core.jsonlog import JsonFormatter

#: Environment variables the Terraform sets on the function (autostop.tf).
SETTINGS_ENV = {
    "project": "CTC_PROJECT",
    "environment": "CTC_ENVIRONMENT",
    "ecs_cluster": "ECS_CLUSTER",
    "task_family": "PRODUCER_TASK_FAMILY",
    "emr_application_id": "EMR_APPLICATION_ID",
    "topic_arn": "ALARMS_TOPIC_ARN",
}
#: Only for running the handler outside Lambda against the local emulator (tests); unset in AWS.
ENDPOINT_ENV = "CTC_ENDPOINT_URL"
STOP_REASON = "stopped by the billing auto-stop (emergency shutoff)"
NEXT_STEP = (
    "The Kinesis streams still bill by the hour: run scripts/stop.sh to complete the stop (it removes "
    "them through Terraform), investigate the spend, then scripts/start.sh."
)


class AutoStopError(RuntimeError):
    """One or more stop steps (or the notification) failed; the others ran."""


@dataclass(frozen=True)
class Settings:
    project: str
    environment: str
    ecs_cluster: str
    task_family: str
    emr_application_id: str
    topic_arn: str

    @classmethod
    def from_environment(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        missing = [name for name in SETTINGS_ENV.values() if not env.get(name)]
        if missing:
            raise RuntimeError(f"{', '.join(missing)} not set: the Terraform sets them on the function")
        return cls(**{field: env[name] for field, name in SETTINGS_ENV.items()})

    @property
    def compute(self) -> Compute:
        return Compute(
            prefix=f"{self.project}-{self.environment}",
            ecs_cluster=self.ecs_cluster,
            task_family=self.task_family,
            emr_application_id=self.emr_application_id,
        )


@dataclass(frozen=True)
class AlarmEvent:
    """What the function needs of the CloudWatch alarm's invocation payload."""

    alarm_arn: str
    alarm_name: str
    state: str
    reason: str
    time: str

    @classmethod
    def parse(cls, event: Any) -> AlarmEvent:
        """The CloudWatch alarm -> Lambda payload (``source: aws.cloudwatch``); ValueError naming
        what is missing or wrong otherwise."""
        if not isinstance(event, Mapping):
            raise ValueError(f"event must be a JSON object, got {type(event).__name__}")
        if event.get("source") != "aws.cloudwatch":
            raise ValueError(
                f"event source must be 'aws.cloudwatch' (a CloudWatch alarm), got {event.get('source')!r}"
            )
        data = event.get("alarmData")
        state = data.get("state") if isinstance(data, Mapping) else None
        problems = [
            name
            for name, value in (
                ("alarmArn", event.get("alarmArn")),
                ("alarmData.alarmName", data.get("alarmName") if isinstance(data, Mapping) else None),
                ("alarmData.state.value", state.get("value") if isinstance(state, Mapping) else None),
            )
            if not isinstance(value, str) or not value
        ]
        if problems:
            raise ValueError(f"not a CloudWatch alarm event: missing or empty {', '.join(problems)}")
        assert isinstance(data, Mapping) and isinstance(state, Mapping)
        return cls(
            alarm_arn=str(event["alarmArn"]),
            alarm_name=str(data["alarmName"]),
            state=str(state["value"]),
            reason=str(state.get("reason") or ""),
            time=str(event.get("time") or state.get("timestamp") or ""),
        )


def logger() -> logging.Logger:
    """One JSON line per record on stdout (the function's log group)."""
    log = logging.getLogger("ctc.autostop")
    if not log.handlers:
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(JsonFormatter())
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False
    return log


def auto_stop(event: Any, settings: Settings, target: AwsTarget, request_id: str = "") -> dict[str, Any]:
    """Stop the producer and the job, notify the topic; raise AutoStopError if any of it failed."""
    alarm = AlarmEvent.parse(event)
    fields = {"correlation_id": request_id, "alarm": alarm.alarm_name}
    log = logger()
    if alarm.state != "ALARM":
        log.info("alarm not in ALARM: nothing stopped", extra={**fields, "state": alarm.state})
        return {"alarm": alarm.alarm_name, "status": "ignored", "state": alarm.state, "actions": []}
    steps = (
        ("producer", lambda: stop_producer(target, settings.compute, reason=STOP_REASON)),
        ("job", lambda: stop_job(target, settings.compute)),
    )
    actions: list[Action] = []
    errors: dict[str, str] = {}
    for component, step in steps:
        try:
            action = step()
        except Exception as exc:  # one failed step must not keep the others from running
            errors[component] = f"{type(exc).__name__}: {exc}"
            log.error("stop step failed", exc_info=True, extra={**fields, "component": component})
            continue
        actions.append(action)
        log.info("stop step done", extra={**fields, **asdict(action)})
    stopped = [a.component for a in actions if a.action == "stopped"]
    status = "failed" if errors else "stopped" if stopped else "already-stopped"
    report: dict[str, Any] = {
        "alarm": alarm.alarm_name,
        "status": status,
        "actions": [asdict(a) for a in actions],
        "errors": errors,
    }
    try:
        report["message_id"] = notify(target, settings, alarm, report)
    except Exception as exc:
        errors["notify"] = f"{type(exc).__name__}: {exc}"
        log.error("notification failed", exc_info=True, extra=fields)
    log.info("auto-stop finished", extra={**fields, "status": status, "errors": errors})
    if errors:
        raise AutoStopError(f"auto-stop incomplete, failed: {json.dumps(errors, sort_keys=True)}")
    return report


def notify(target: AwsTarget, settings: Settings, alarm: AlarmEvent, report: dict[str, Any]) -> str:
    """Publish what was stopped, and what the operator does next, to the alarms topic."""
    prefix = settings.compute.prefix
    subject = {
        "stopped": f"{prefix} auto-stop: compute stopped",
        "already-stopped": f"{prefix} auto-stop: compute already stopped",
        "failed": f"{prefix} auto-stop: FAILED in part",
    }[report["status"]]
    body = {
        "summary": f"Billing alarm {alarm.alarm_name} is in ALARM ({alarm.reason or 'no reason given'}).",
        "next_step": NEXT_STEP,
        "alarm_arn": alarm.alarm_arn,
        "alarm_time": alarm.time,
        **report,
    }
    response = target.client("sns").publish(
        TopicArn=settings.topic_arn, Subject=subject, Message=json.dumps(body, indent=2, sort_keys=True)
    )
    return str(response["MessageId"])


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Entry point: the billing alarm's asynchronous invocation."""
    target = AwsTarget(
        region=os.environ.get("AWS_REGION", "us-east-1"), endpoint_url=os.environ.get(ENDPOINT_ENV)
    )
    request_id = str(getattr(context, "aws_request_id", "") or "")
    return auto_stop(event, Settings.from_environment(), target, request_id)
