"""Terraform plans -> metric filters, subscription and queue redrive policies, event target DLQs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from coattail.review.checks._registry import load_checks
from coattail.review.collectors.terraform import TerraformOptions, collect_terraform
from coattail.review.model import Status

ACCOUNT = "111122223333"
CHECKS = {c.id: c for c in load_checks()}


def _managed(rtype: str, name: str, values: dict[str, Any]) -> dict[str, Any]:
    return {"address": f"{rtype}.{name}", "mode": "managed", "type": rtype, "name": name, "values": values}


def _unknown(address: str, **after_unknown: Any) -> dict[str, Any]:
    return {"address": address, "change": {"after_unknown": after_unknown}}


def _plan(tmp_path: Path) -> Path:
    dlq_ref = {"references": ["aws_sqs_queue.dlq.arn", "aws_sqs_queue.dlq"]}
    resources = [
        _managed(
            "aws_cloudtrail",
            "audit",
            {
                "name": "audit",
                "s3_bucket_name": "audit-logs",
                "is_multi_region_trail": True,
                "cloud_watch_logs_group_arn": f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/audit/trail:*",
            },
        ),
        _managed(
            "aws_cloudwatch_log_metric_filter",
            "root",
            {
                "name": "root-usage",
                "log_group_name": "/audit/trail",
                "pattern": '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS '
                '&& $.eventType != "AwsServiceEvent" }',
                "metric_transformation": [{"name": "RootUsage", "namespace": "CIS", "value": "1"}],
            },
        ),
        _managed(
            "aws_cloudwatch_metric_alarm",
            "root",
            {
                "alarm_name": "root-usage",
                "namespace": "CIS",
                "metric_name": "RootUsage",
                "alarm_actions": [f"arn:aws:sns:us-east-1:{ACCOUNT}:security"],
            },
        ),
        _managed("aws_sqs_queue", "dlq", {"name": "jobs-dlq"}),
        _managed("aws_sqs_queue", "jobs", {"name": "jobs"}),
        _managed("aws_sqs_queue", "loose", {"name": "loose"}),
        _managed("aws_sns_topic", "orders", {"name": "orders"}),
        _managed("aws_sns_topic_subscription", "jobs", {"protocol": "sqs", "topic_arn": "x"}),
        _managed(
            "aws_cloudwatch_event_rule", "nightly", {"name": "nightly", "schedule_expression": "rate(1 day)"}
        ),
        _managed(
            "aws_cloudwatch_event_target",
            "jobs",
            {
                "rule": "nightly",
                "target_id": "jobs",
                "dead_letter_config": [{}],
                "retry_policy": [{"maximum_retry_attempts": 4, "maximum_event_age_in_seconds": 600}],
            },
        ),
    ]
    identity = {"mode": "data", "type": "aws_caller_identity", "values": {"account_id": ACCOUNT}}
    plan = {
        "planned_values": {"root_module": {"resources": resources}},
        "resource_changes": [
            # redrive_policy is computed: unknown in a plan whether or not the configuration sets it
            _unknown("aws_sqs_queue.jobs", arn=True, redrive_policy=True),
            _unknown("aws_sqs_queue.loose", arn=True, redrive_policy=True),
            _unknown("aws_sns_topic_subscription.jobs", redrive_policy=True, endpoint=True, topic_arn=True),
            _unknown("aws_cloudwatch_event_target.jobs", arn=True, dead_letter_config=[{"arn": True}]),
        ],
        "prior_state": {"values": {"root_module": {"resources": [identity]}}},
        "configuration": {
            "root_module": {
                "resources": [
                    {"address": "aws_sqs_queue.jobs", "expressions": {"redrive_policy": dlq_ref}},
                    {
                        "address": "aws_sns_topic_subscription.jobs",
                        "expressions": {
                            "redrive_policy": dlq_ref,
                            "topic_arn": {"references": ["aws_sns_topic.orders.arn", "aws_sns_topic.orders"]},
                        },
                    },
                    {"address": "aws_cloudwatch_event_target.jobs", "expressions": {"dead_letter_config": [
                        {"arn": dlq_ref}]}},
                ]
            }
        },
    }  # fmt: skip
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    return path


def test_plan_fields_and_verdicts(tmp_path: Path) -> None:
    inv = collect_terraform(TerraformOptions(plan_json=_plan(tmp_path), run_checkov=False))
    (f,) = inv.metric_filters
    assert (f.name, f.log_group_name) == ("root-usage", "/audit/trail")
    assert [(t.namespace, t.metric_name) for t in f.metric_transformations] == [("CIS", "RootUsage")]
    queues = {q.name: q for q in inv.sqs_queues}
    assert queues["loose"].dead_letter_target_arn is None  # computed, not configured: unset
    ((sub,),) = [t.subscriptions for t in inv.sns_topics]
    assert sub.attributes_read and sub.dead_letter_target_arn
    ((target,),) = [r.targets for r in inv.eventbridge_rules]
    assert target.dead_letter_arn and (target.retry_max_attempts, target.retry_max_event_age_seconds) == (
        4,
        600,
    )

    def statuses(check_id: str) -> dict[str, Status]:
        return {x.message.split(":", 1)[0]: x.status for x in CHECKS[check_id].run(inv)}

    assert statuses("cloudtrail_cloudwatch_logs_integration") == {"audit": Status.PASS}
    assert statuses("cloudtrail_alarm_root_usage") == {"audit": Status.PASS}
    assert statuses("cloudtrail_alarm_kms_key_deletion") == {"audit": Status.FAIL}
    # the plan's ARN resolution names jobs' DLQ: jobs-dlq is exempt, loose has no redrive
    assert queues["jobs"].dead_letter_target_arn == f"arn:aws:sqs:us-east-1:{ACCOUNT}:jobs-dlq"
    assert statuses("sqs_queue_dead_letter") == {
        "jobs": Status.PASS,
        "jobs-dlq": Status.PASS,
        "loose": Status.FAIL,
    }
    assert statuses("sns_subscription_dead_letter") == {"orders": Status.PASS}
    assert statuses("eventbridge_target_dead_letter") == {"nightly": Status.PASS}
