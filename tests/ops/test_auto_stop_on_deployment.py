"""The billing auto-stop function against the platform deployed into the emulator.

moto runs no Lambda (no Docker), so the handler is called in-process with the environment Terraform
set on the deployed function and the payload a CloudWatch alarm sends. moto ends every job run at
SUCCESS the moment it starts, so cancelling a running job run is proven in test_auto_stop_units.py.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from coattail.autostop.handler import ENDPOINT_ENV, lambda_handler
from coattail.cli.ops_resources import resolve
from coattail.cli.producer_lifecycle import start_producer
from coattail.core.aws import AwsTarget

pytestmark = [pytest.mark.emulator, pytest.mark.slow]
FUNCTION = "ctc-dev-auto-stop"
ALARM = "ctc-dev-billing-auto-stop"


def alarm_event(alarm_arn: str) -> dict[str, Any]:
    """CloudWatch's alarm -> Lambda invocation payload (AWS documents this shape)."""
    return {
        "source": "aws.cloudwatch",
        "alarmArn": alarm_arn,
        "accountId": "123456789012",
        "time": "2026-03-01T06:00:00.000+0000",
        "region": "us-east-1",
        "alarmData": {
            "alarmName": ALARM,
            "state": {
                "value": "ALARM",
                "reason": "Threshold Crossed: 1 datapoint [61.2] was greater than the threshold (50.0).",
                "timestamp": "2026-03-01T06:00:00.000+0000",
            },
            "previousState": {"value": "OK", "timestamp": "2026-02-28T06:00:00.000+0000"},
            "configuration": {"metrics": []},
        },
    }


class Context:
    aws_request_id = "test-auto-stop"


def inbox_messages(aws: Any, alarm_arn: str) -> list[dict[str, Any]]:
    """The auto-stop's notifications for ``alarm_arn`` in the alarm inbox (deleted once read)."""
    sqs = aws("sqs")
    url = sqs.get_queue_url(QueueName="ctc-dev-alarm-inbox")["QueueUrl"]
    found = []
    for _ in range(5):
        for m in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1).get(
            "Messages", []
        ):
            envelope = json.loads(m["Body"])
            body = envelope.get("Message", "")
            if body.startswith("{") and json.loads(body).get("alarm_arn") == alarm_arn:
                found.append({"subject": envelope.get("Subject"), **json.loads(body)})
                sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
    return found


def test_the_alarm_invokes_the_function_it_may_invoke(aws: Any, platform_outputs: dict[str, Any]) -> None:
    alarm = aws("cloudwatch").describe_alarms(AlarmNames=[ALARM])["MetricAlarms"][0]
    function = aws("lambda").get_function_configuration(FunctionName=FUNCTION)
    assert (alarm["Namespace"], alarm["MetricName"], alarm["Statistic"]) == (
        "AWS/Billing",
        "EstimatedCharges",
        "Maximum",
    )
    assert (alarm["Threshold"], alarm["Period"]) == (50.0, 21600)
    assert alarm["AlarmActions"] == [function["FunctionArn"], platform_outputs["sns_topic_arn"]]
    policy = json.loads(aws("lambda").get_policy(FunctionName=FUNCTION)["Policy"])
    assert [(s["Principal"], s["Condition"]) for s in policy["Statement"]] == [
        (
            {"Service": "lambda.alarms.cloudwatch.amazonaws.com"},
            {"ArnLike": {"AWS:SourceArn": alarm["AlarmArn"]}},
        )
    ]


def test_auto_stop_stops_the_compute_and_tells_the_topic(
    aws: Any, endpoint_url: str, platform_outputs: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = AwsTarget(endpoint_url=endpoint_url)
    res = resolve(target, "ctc", "dev")
    emr, ecs, app_id = aws("emr-serverless"), aws("ecs"), platform_outputs["emr_application_id"]
    alarm_arn = aws("cloudwatch").describe_alarms(AlarmNames=[ALARM])["MetricAlarms"][0]["AlarmArn"]
    for name, value in (
        aws("lambda").get_function_configuration(FunctionName=FUNCTION)["Environment"]["Variables"].items()
    ):
        monkeypatch.setenv(name, value)
    monkeypatch.setenv(ENDPOINT_ENV, endpoint_url)
    monkeypatch.setenv("AWS_REGION", "us-east-1")
    try:
        started = start_producer(target, res)
        emr.start_application(applicationId=app_id)
        assert emr.get_application(applicationId=app_id)["application"]["state"] == "STARTED"

        report = lambda_handler(alarm_event(alarm_arn), Context())

        actions = {a["component"]: a for a in report["actions"]}
        assert report["status"] == "stopped" and report["errors"] == {}
        assert actions["producer"]["action"] == "stopped"
        assert actions["producer"]["detail"]["task_arns"] == started.detail["task_arns"]
        assert actions["job"]["action"] == "stopped"
        assert actions["job"]["detail"]["application_state_before"] == "STARTED"
        assert ecs.list_tasks(cluster="ctc-dev-producer", desiredStatus="RUNNING")["taskArns"] == []
        task = ecs.describe_tasks(cluster="ctc-dev-producer", tasks=started.detail["task_arns"])["tasks"][0]
        assert task["stoppedReason"] == "stopped by the billing auto-stop (emergency shutoff)"
        assert emr.get_application(applicationId=app_id)["application"]["state"] in ("STOPPED", "STOPPING")
        [message] = inbox_messages(aws, alarm_arn)
        assert message["subject"] == "ctc-dev auto-stop: compute stopped"
        assert message["status"] == "stopped" and "scripts/stop.sh" in message["next_step"]

        again = lambda_handler(alarm_event(alarm_arn), Context())
        assert again["status"] == "already-stopped"
        assert {a["component"]: a["action"] for a in again["actions"]} == {
            "producer": "already-stopped",
            "job": "already-stopped",
        }
        [second] = inbox_messages(aws, alarm_arn)
        assert second["subject"] == "ctc-dev auto-stop: compute already stopped"
    finally:  # the state the other tests expect: compute stopped (scripts/stop.sh's end state)
        for arn in ecs.list_tasks(cluster="ctc-dev-producer", desiredStatus="RUNNING")["taskArns"]:
            ecs.stop_task(cluster="ctc-dev-producer", task=arn)
        if emr.get_application(applicationId=app_id)["application"]["state"] == "STARTED":
            emr.stop_application(applicationId=app_id)
