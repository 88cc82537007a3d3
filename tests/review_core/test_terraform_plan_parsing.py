"""Terraform JSON shapes: plan (unknown values, child modules), raw state, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coattail.review.collectors.terraform import TerraformOptions, TerraformReadError, collect_terraform
from coattail.review.collectors.terraform.loader import parse_document
from coattail.review.model import SourceKind

PLAN = {
    "format_version": "1.2",
    "planned_values": {
        "root_module": {
            "resources": [],
            "child_modules": [
                {
                    "address": "module.kinesis",
                    "resources": [
                        {
                            "address": "module.kinesis.aws_kinesis_stream.trades",
                            "mode": "managed", "type": "aws_kinesis_stream", "name": "trades",
                            "values": {
                                "name": "ctc-dev-trades", "retention_period": 24, "encryption_type": "KMS",
                                "kms_key_id": "alias/aws/kinesis",
                                "stream_mode_details": [{"stream_mode": "ON_DEMAND"}],
                            },
                        }
                    ],
                }
            ],
        }
    },
    "resource_changes": [
        {"address": "module.kinesis.aws_kinesis_stream.trades",
         "change": {"after_unknown": {"arn": True, "id": True, "tags_all": {}}}}
    ],
    "configuration": {"root_module": {"module_calls": {"kinesis": {"source": "./modules/kinesis"}}}},
}  # fmt: skip


def test_plan_resources_get_the_arn_the_account_will_show(tmp_path: Path) -> None:
    identity = {"address": "data.aws_caller_identity.me", "mode": "data", "type": "aws_caller_identity",
                "name": "me", "values": {"account_id": "111122223333"}}  # fmt: skip
    region = {"address": "data.aws_region.here", "mode": "data", "type": "aws_region", "name": "here",
              "values": {"name": "eu-west-1"}}  # fmt: skip
    plan = {**PLAN, "prior_state": {"values": {"root_module": {"resources": [identity, region]}}}}
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    (stream,) = collect_terraform(TerraformOptions(plan_json=path, run_checkov=False)).kinesis_streams
    assert stream.id == "arn:aws:kinesis:eu-west-1:111122223333:stream/ctc-dev-trades"
    assert (stream.account, stream.region) == ("111122223333", "eu-west-1")
    assert stream.tf_address == "module.kinesis.aws_kinesis_stream.trades"


def _write_module(root: Path) -> None:
    (root / "modules" / "kinesis").mkdir(parents=True)
    (root / "main.tf").write_text('module "kinesis" {\n  source = "./modules/kinesis"\n}\n')
    (root / "modules" / "kinesis" / "main.tf").write_text(
        '# streams\n\nresource "aws_kinesis_stream" "trades" {\n  name = "x"\n}\n'
    )


def test_plan_with_unknown_values_and_child_modules(tmp_path: Path) -> None:
    _write_module(tmp_path)
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(PLAN))
    inv = collect_terraform(TerraformOptions(directory=tmp_path, plan_json=plan, run_checkov=False))
    (stream,) = inv.kinesis_streams
    assert stream.id == "module.kinesis.aws_kinesis_stream.trades"  # no ARN before apply: the address
    assert stream.arn is None and stream.is_unknown("arn")
    assert (stream.stream_mode, stream.encryption_type, stream.retention_hours) == ("ON_DEMAND", "KMS", 24)
    assert stream.source == SourceKind.TERRAFORM
    assert stream.location is not None
    assert (stream.location.path, stream.location.start_line, stream.location.end_line) == (
        "modules/kinesis/main.tf",
        3,
        5,
    )
    assert inv.sources[0].detail.startswith("plan:")


ARN = "arn:aws:kinesis:eu-west-1:111122223333:stream/ctc-dev-trades"


def test_raw_state_file_is_read_without_terraform(tmp_path: Path) -> None:
    raw = {
        "version": 4,
        "resources": [
            {"module": "module.kinesis", "mode": "managed", "type": "aws_kinesis_stream", "name": "trades",
             "instances": [{"index_key": None, "attributes": {
                 "name": "ctc-dev-trades", "arn": ARN,
                 "retention_period": 48, "encryption_type": "NONE"}}]},
            {"mode": "data", "type": "aws_caller_identity", "name": "me", "instances": [{"attributes": {}}]},
        ],
    }  # fmt: skip
    doc = parse_document(raw)
    assert doc.kind == "raw-state" and [r.address for r in doc.resources] == [
        "module.kinesis.aws_kinesis_stream.trades"
    ]
    (tmp_path / "terraform.tfstate").write_text(json.dumps(raw))
    inv = collect_terraform(TerraformOptions(plan_json=tmp_path / "terraform.tfstate", run_checkov=False))
    (stream,) = inv.kinesis_streams
    assert (stream.account, stream.region, stream.retention_hours) == ("111122223333", "eu-west-1", 48)


@pytest.mark.parametrize(
    ("content", "message"),
    [("{nope", "is not JSON"), ("[1]", "must be an object"), ('{"a": 1}', "not a Terraform plan or state")],
)
def test_unreadable_terraform_names_the_problem(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "plan.json"
    path.write_text(content)
    with pytest.raises(TerraformReadError, match=message):
        collect_terraform(TerraformOptions(plan_json=path, run_checkov=False))


def test_directory_without_state_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(TerraformReadError, match=r"terraform init|--plan-json"):
        collect_terraform(TerraformOptions(directory=tmp_path, run_checkov=False))


def test_unknown_terraform_attributes_name_the_inventory_fields_they_feed() -> None:
    from coattail.review.collectors.terraform.context import unknown_fields

    assert unknown_fields(frozenset({"retention_period", "arn"})) == (
        "arn",
        "id",
        "retention_hours",
        "retention_period",
    )


ALARM = "aws_cloudwatch_metric_alarm"


def _managed(rtype: str, name: str, values: dict) -> dict:
    return {"address": f"{rtype}.{name}", "mode": "managed", "type": rtype, "name": name, "values": values}


def _unknown_actions(name: str) -> dict:
    return {"address": f"{ALARM}.{name}", "change": {"after_unknown": {"alarm_actions": True}}}


def _actions_from(name: str, *refs: str) -> dict:
    return {"address": f"{ALARM}.{name}", "expressions": {"alarm_actions": {"references": list(refs)}}}


def test_arn_references_to_resources_of_the_same_plan_are_filled_in(tmp_path: Path) -> None:
    resources = [
        _managed("aws_sns_topic", "alarms", {"name": "ctc-dev-alarms"}),
        _managed(ALARM, "age", {"alarm_name": "age", "threshold": 1}),
        _managed(ALARM, "ext", {"alarm_name": "ext", "threshold": 1}),
        _managed(ALARM, "mix", {"alarm_name": "mix", "threshold": 1}),
    ]
    identity = {"mode": "data", "type": "aws_caller_identity", "values": {"account_id": "111122223333"}}
    plan = {
        "planned_values": {"root_module": {"resources": resources}},
        "resource_changes": [_unknown_actions("age"), _unknown_actions("ext"), _unknown_actions("mix")],
        "prior_state": {"values": {"root_module": {"resources": [identity]}}},
        "configuration": {"root_module": {"resources": [
            _actions_from("age", "aws_sns_topic.alarms.arn", "aws_sns_topic.alarms"),
            _actions_from("ext", "var.topic_arn"),
            _actions_from("mix", "var.function_arn", "aws_sns_topic.alarms.arn", "aws_sns_topic.alarms"),
        ]}},
    }  # fmt: skip
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    inv = collect_terraform(TerraformOptions(plan_json=path, run_checkov=False))
    alarms = {a.name: a for a in inv.cloudwatch_alarms}
    assert alarms["age"].alarm_actions == ("arn:aws:sns:us-east-1:111122223333:ctc-dev-alarms",)
    assert not alarms["age"].is_unknown("alarm_actions")
    # a module input cannot be followed: it stays unknown for the checks to answer UNKNOWN
    assert alarms["ext"].alarm_actions == () and alarms["ext"].is_unknown("alarm_actions")
    # nor when it stands beside a resource's ARN (the auto-stop alarm: a function, then the topic)
    assert alarms["mix"].alarm_actions == () and alarms["mix"].is_unknown("alarm_actions")


def test_arn_reference_inside_a_nested_block_is_filled_in(tmp_path: Path) -> None:
    queue = _managed("aws_sqs_queue", "dlq", {"name": "api-dlq"})
    fn = _managed("aws_lambda_function", "api", {"function_name": "api", "dead_letter_config": [{}]})
    unknown = {"dead_letter_config": [{"target_arn": True}]}
    refs = {
        "dead_letter_config": [{"target_arn": {"references": ["aws_sqs_queue.dlq.arn", "aws_sqs_queue.dlq"]}}]
    }
    identity = {"mode": "data", "type": "aws_caller_identity", "values": {"account_id": "111122223333"}}
    plan = {
        "planned_values": {"root_module": {"resources": [queue, fn]}},
        "resource_changes": [{"address": "aws_lambda_function.api", "change": {"after_unknown": unknown}}],
        "prior_state": {"values": {"root_module": {"resources": [identity]}}},
        "configuration": {
            "root_module": {"resources": [{"address": "aws_lambda_function.api", "expressions": refs}]}
        },
    }
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    (function,) = collect_terraform(TerraformOptions(plan_json=path, run_checkov=False)).lambda_functions
    assert function.dead_letter_target_arn == "arn:aws:sqs:us-east-1:111122223333:api-dlq"
    assert not function.is_unknown("dead_letter_target_arn")


def test_subscription_of_a_planned_topic_is_joined_to_it(tmp_path: Path) -> None:
    topic = _managed("aws_sns_topic", "alarms", {"name": "ctc-dev-alarms"})
    sub = _managed("aws_sns_topic_subscription", "inbox", {"protocol": "sqs"})
    refs = {"topic_arn": {"references": ["aws_sns_topic.alarms.arn", "aws_sns_topic.alarms"]}}
    identity = {"mode": "data", "type": "aws_caller_identity", "values": {"account_id": "111122223333"}}
    plan = {
        "planned_values": {"root_module": {"resources": [topic, sub]}},
        "resource_changes": [
            {"address": "aws_sns_topic.alarms", "change": {"after_unknown": {"arn": True, "id": True}}},
            {
                "address": "aws_sns_topic_subscription.inbox",
                "change": {"after_unknown": {"topic_arn": True, "endpoint": True}},
            },
        ],
        "prior_state": {"values": {"root_module": {"resources": [identity]}}},
        "configuration": {
            "root_module": {
                "resources": [{"address": "aws_sns_topic_subscription.inbox", "expressions": refs}]
            }
        },
    }
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    (found,) = collect_terraform(TerraformOptions(plan_json=path, run_checkov=False)).sns_topics
    assert found.id == "arn:aws:sns:us-east-1:111122223333:ctc-dev-alarms"
    assert [s.protocol for s in found.subscriptions] == ["sqs"]
