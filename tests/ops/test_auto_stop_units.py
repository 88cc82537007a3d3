"""The billing auto-stop handler on its own: the event it accepts, a failing step, job run cancelling."""

from __future__ import annotations

import json
from typing import Any

import pytest

from coattail.autostop.handler import AlarmEvent, AutoStopError, Settings, auto_stop

SETTINGS = Settings(
    project="ctc",
    environment="dev",
    ecs_cluster="ctc-dev-producer",
    task_family="ctc-dev-producer",
    emr_application_id="app1",
    topic_arn="arn:aws:sns:us-east-1:123456789012:ctc-dev-alarms",
)
ALARM_ARN = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:ctc-dev-billing-auto-stop"


def event(state: str = "ALARM") -> dict[str, Any]:
    return {
        "source": "aws.cloudwatch",
        "alarmArn": ALARM_ARN,
        "time": "2026-03-01T06:00:00.000+0000",
        "alarmData": {"alarmName": "ctc-dev-billing-auto-stop", "state": {"value": state, "reason": "r"}},
    }


class Pages:
    def __init__(self, pages: list[dict[str, Any]]) -> None:
        self.pages = pages

    def paginate(self, **_: Any) -> list[dict[str, Any]]:
        return self.pages


class FakeEcs:
    def __init__(self, tasks: list[str], broken: bool = False) -> None:
        self.tasks, self.broken = tasks, broken
        self.stopped: list[str] = []

    def get_paginator(self, name: str) -> Pages:
        if self.broken:
            raise RuntimeError("AccessDenied: ecs:ListTasks")
        return Pages([{"taskArns": [t for t in self.tasks if t not in self.stopped]}])

    def stop_task(self, cluster: str, task: str, reason: str) -> None:
        self.stopped.append(task)


class FakeEmr:
    """A streaming run that stays RUNNING until cancelled (what AWS does; moto ends it at once)."""

    def __init__(self) -> None:
        self.runs = [{"id": "run1", "name": "ctc-dev-streaming", "state": "RUNNING"}]
        self.runs.append({"id": "run2", "name": "ctc-dev-batch-reprocess", "state": "RUNNING"})
        self.state = "STARTED"

    def get_paginator(self, name: str) -> Pages:
        return Pages([{"jobRuns": [r for r in self.runs if r["state"] == "RUNNING"]}])

    def cancel_job_run(self, applicationId: str, jobRunId: str) -> None:
        next(r for r in self.runs if r["id"] == jobRunId)["state"] = "CANCELLED"

    def get_application(self, applicationId: str) -> dict[str, Any]:
        return {"application": {"state": self.state}}

    def stop_application(self, applicationId: str) -> None:
        self.state = "STOPPED"


class FakeSns:
    def __init__(self) -> None:
        self.published: list[dict[str, Any]] = []

    def publish(self, **kwargs: Any) -> dict[str, str]:
        self.published.append(kwargs)
        return {"MessageId": f"m{len(self.published)}"}


class FakeTarget:
    def __init__(self, ecs: FakeEcs) -> None:
        self.ecs, self.emr, self.sns = ecs, FakeEmr(), FakeSns()

    def client(self, service: str) -> Any:
        return {"ecs": self.ecs, "emr-serverless": self.emr, "sns": self.sns}[service]


@pytest.mark.parametrize(
    ("payload", "named"),
    [
        ([], "event must be a JSON object, got list"),
        ({"source": "aws.events", "alarmArn": ALARM_ARN}, "event source must be 'aws.cloudwatch'"),
        (
            {"source": "aws.cloudwatch"},
            "missing or empty alarmArn, alarmData.alarmName, alarmData.state.value",
        ),
        ({**event(), "alarmData": {"alarmName": "a", "state": {}}}, "missing or empty alarmData.state.value"),
    ],
)
def test_a_malformed_event_is_refused_naming_what_is_wrong(payload: Any, named: str) -> None:
    target = FakeTarget(FakeEcs(["t1"]))
    with pytest.raises(ValueError, match=named.replace("(", r"\(").replace(")", r"\)")):
        auto_stop(payload, SETTINGS, target)  # type: ignore[arg-type]
    assert target.ecs.stopped == [] and target.sns.published == []


def test_the_cloudwatch_payload_is_read() -> None:
    parsed = AlarmEvent.parse(event())
    assert (parsed.alarm_arn, parsed.alarm_name, parsed.state) == (
        ALARM_ARN,
        "ctc-dev-billing-auto-stop",
        "ALARM",
    )


def test_streaming_runs_are_cancelled_and_the_application_stopped() -> None:
    target = FakeTarget(FakeEcs(["t1", "t2"]))
    report = auto_stop(event(), SETTINGS, target, "req-1")  # type: ignore[arg-type]
    emr = target.emr
    assert report["status"] == "stopped"
    assert [r["state"] for r in emr.runs] == ["CANCELLED", "RUNNING"]  # only the streaming job's run
    assert emr.state == "STOPPED" and target.ecs.stopped == ["t1", "t2"]
    [published] = target.sns.published
    assert published["TopicArn"] == SETTINGS.topic_arn
    assert json.loads(published["Message"])["actions"][1]["detail"]["cancelled_job_run_ids"] == ["run1"]


def test_a_failed_step_does_not_skip_the_others_and_the_invocation_fails() -> None:
    target = FakeTarget(FakeEcs(["t1"], broken=True))
    with pytest.raises(AutoStopError, match=r"producer.*AccessDenied"):
        auto_stop(event(), SETTINGS, target)  # type: ignore[arg-type]
    assert target.emr.state == "STOPPED"  # the job step still ran
    [published] = target.sns.published
    assert published["Subject"] == "ctc-dev auto-stop: FAILED in part"
    assert "AccessDenied" in json.loads(published["Message"])["errors"]["producer"]


def test_an_alarm_back_to_ok_stops_nothing() -> None:
    target = FakeTarget(FakeEcs(["t1"]))
    assert auto_stop(event("OK"), SETTINGS, target)["status"] == "ignored"  # type: ignore[arg-type]
    assert target.ecs.stopped == [] and target.sns.published == []


def test_missing_settings_are_named() -> None:
    with pytest.raises(RuntimeError, match="ECS_CLUSTER, PRODUCER_TASK_FAMILY"):
        Settings.from_environment(
            {
                "CTC_PROJECT": "ctc",
                "CTC_ENVIRONMENT": "dev",
                "EMR_APPLICATION_ID": "a",
                "ALARMS_TOPIC_ARN": "t",
            }
        )
