"""Misconfigurations of the deployed platform: S3, Kinesis, DynamoDB, billing, EMR, IAM, Lambda,
Step Functions and EventBridge (the first fifteen; see conftest ``Flip``)."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any


def _s3_encryption_off(aws: Any, n: Any) -> Any:
    saved = aws("s3").get_bucket_encryption(Bucket=n.raw)["ServerSideEncryptionConfiguration"]
    aws("s3").delete_bucket_encryption(Bucket=n.raw)
    return saved


def _s3_encryption_on(aws: Any, n: Any, saved: Any) -> None:
    aws("s3").put_bucket_encryption(Bucket=n.raw, ServerSideEncryptionConfiguration=saved)


def _public_access_off(aws: Any, n: Any) -> Any:
    saved = aws("s3").get_public_access_block(Bucket=n.checkpoint)["PublicAccessBlockConfiguration"]
    aws("s3").delete_public_access_block(Bucket=n.checkpoint)
    return saved


def _public_access_on(aws: Any, n: Any, saved: Any) -> None:
    aws("s3").put_public_access_block(Bucket=n.checkpoint, PublicAccessBlockConfiguration=saved)


def _versioning(status: str) -> Callable[..., Any]:
    def apply(aws: Any, n: Any, *_: Any) -> None:
        aws("s3").put_bucket_versioning(Bucket=n.processed, VersioningConfiguration={"Status": status})

    return apply


def _lifecycle_year(aws: Any, n: Any) -> Any:
    saved = aws("s3").get_bucket_lifecycle_configuration(Bucket=n.raw)["Rules"]
    aws("s3").put_bucket_lifecycle_configuration(
        Bucket=n.raw,
        LifecycleConfiguration={
            "Rules": [
                {"ID": "keep", "Status": "Enabled", "Filter": {"Prefix": ""}, "Expiration": {"Days": 365}}
            ]
        },
    )
    return saved


def _lifecycle_restore(aws: Any, n: Any, saved: Any) -> None:
    aws("s3").put_bucket_lifecycle_configuration(Bucket=n.raw, LifecycleConfiguration={"Rules": saved})


def _stream_encryption_off(aws: Any, n: Any) -> Any:
    key = aws("kinesis").describe_stream_summary(StreamName=n.trades)["StreamDescriptionSummary"]["KeyId"]
    aws("kinesis").stop_stream_encryption(StreamName=n.trades, EncryptionType="KMS", KeyId=key)
    return key


def _stream_encryption_on(aws: Any, n: Any, key: Any) -> None:
    aws("kinesis").start_stream_encryption(StreamName=n.trades, EncryptionType="KMS", KeyId=key)


def _dlq_retention(hours: int) -> Callable[..., Any]:
    def apply(aws: Any, n: Any, *_: Any) -> None:
        current = aws("kinesis").describe_stream_summary(StreamName=n.dlq)["StreamDescriptionSummary"]
        if hours < current["RetentionPeriodHours"]:
            aws("kinesis").decrease_stream_retention_period(StreamName=n.dlq, RetentionPeriodHours=hours)
        elif hours > current["RetentionPeriodHours"]:
            aws("kinesis").increase_stream_retention_period(StreamName=n.dlq, RetentionPeriodHours=hours)

    return apply


def _ttl(enabled: bool) -> Callable[..., Any]:
    def apply(aws: Any, n: Any, *_: Any) -> None:
        aws("dynamodb").update_time_to_live(
            TableName=n.table, TimeToLiveSpecification={"Enabled": enabled, "AttributeName": "ttl_epoch"}
        )

    return apply


def _pitr(enabled: bool) -> Callable[..., Any]:
    def apply(aws: Any, n: Any, *_: Any) -> None:
        aws("dynamodb").update_continuous_backups(
            TableName=n.table, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": enabled}
        )

    return apply


def _emr_capacity(aws: Any, n: Any) -> Any:
    app = aws("emr-serverless").get_application(applicationId=n.emr_app)["application"]
    aws("emr-serverless").update_application(
        applicationId=n.emr_app, maximumCapacity={"cpu": "32 vCPU", "memory": "128 GB"}
    )
    return app["maximumCapacity"]


def _emr_capacity_doubled(aws: Any, n: Any) -> Any:
    """Twice the deployed maximum: within the seed's cap, above the right-sizing recommendation."""
    app = aws("emr-serverless").get_application(applicationId=n.emr_app)["application"]
    cap = app["maximumCapacity"]
    cpu, gb = int(cap["cpu"].split()[0]), int(cap["memory"].split()[0])
    aws("emr-serverless").update_application(
        applicationId=n.emr_app, maximumCapacity={"cpu": f"{2 * cpu} vCPU", "memory": f"{2 * gb} GB"}
    )
    return cap


def _emr_capacity_restore(aws: Any, n: Any, saved: Any) -> None:
    aws("emr-serverless").update_application(applicationId=n.emr_app, maximumCapacity=saved)


def _wildcard_policy(aws: Any, n: Any) -> None:
    doc = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "kinesis:*", "Resource": "*"}],
    }
    aws("iam").put_role_policy(
        RoleName=n.producer_role, PolicyName="review-test-wildcard", PolicyDocument=json.dumps(doc)
    )


def _wildcard_restore(aws: Any, n: Any, _: Any) -> None:
    aws("iam").delete_role_policy(RoleName=n.producer_role, PolicyName="review-test-wildcard")


def _tracing(mode: str) -> Callable[..., Any]:
    def apply(aws: Any, n: Any, *_: Any) -> None:
        aws("lambda").update_function_configuration(FunctionName=n.api_function, TracingConfig={"Mode": mode})

    return apply


def _sfn_no_retry(aws: Any, n: Any) -> Any:
    sfn = aws("stepfunctions")
    definition = sfn.describe_state_machine(stateMachineArn=n.state_machine)["definition"]
    broken = json.loads(definition)
    first = broken["StartAt"]
    broken["States"][first] = {
        k: v for k, v in copy.deepcopy(broken["States"][first]).items() if k != "Retry"
    }
    sfn.update_state_machine(stateMachineArn=n.state_machine, definition=json.dumps(broken))
    return definition


def _sfn_restore(aws: Any, n: Any, definition: Any) -> None:
    aws("stepfunctions").update_state_machine(stateMachineArn=n.state_machine, definition=definition)


def _schedule(state: str) -> Callable[..., Any]:
    def apply(aws: Any, n: Any, *_: Any) -> None:
        events = aws("events")
        rule = next(r for r in events.list_rules()["Rules"] if r.get("ScheduleExpression"))
        (events.enable_rule if state == "ENABLED" else events.disable_rule)(Name=rule["Name"])

    return apply


def _stream_mode(mode: str) -> Callable[..., Any]:
    def apply(aws: Any, n: Any, *_: Any) -> None:
        k = aws("kinesis")
        arn = k.describe_stream_summary(StreamName=n.trades)["StreamDescriptionSummary"]["StreamARN"]
        k.update_stream_mode(StreamARN=arn, StreamModeDetails={"StreamMode": mode})

    return apply


def _noop(*_: Any) -> None:
    return None


def flips(h: Any) -> dict[str, Any]:
    return {
        "s3-encryption-removed": h.Flip(
            "s3_bucket_encryption", lambda n: n.raw, _s3_encryption_off, _s3_encryption_on
        ),
        "s3-public-access-block-removed": h.Flip(
            "s3_public_access_blocked", lambda n: n.checkpoint, _public_access_off, _public_access_on
        ),
        "s3-versioning-suspended": h.Flip(
            "s3_versioning_enabled", lambda n: n.processed, _versioning("Suspended"), _versioning("Enabled")
        ),
        "s3-raw-kept-a-year": h.Flip(
            "s3_lifecycle_retention", lambda n: n.raw, _lifecycle_year, _lifecycle_restore
        ),
        "kinesis-encryption-stopped": h.Flip(
            "kinesis_stream_encrypted", lambda n: n.trades, _stream_encryption_off, _stream_encryption_on
        ),
        "kinesis-stream-provisioned": h.Flip(
            "kinesis_on_demand", lambda n: n.trades, _stream_mode("PROVISIONED"), _stream_mode("ON_DEMAND")
        ),
        "kinesis-dlq-retention-24h": h.Flip(
            "kinesis_dlq_stream", lambda n: n.dlq, _dlq_retention(24), _dlq_retention(48)
        ),
        "dynamodb-ttl-disabled": h.Flip("dynamodb_ttl_enabled", lambda n: n.table, _ttl(False), _ttl(True)),
        "dynamodb-pitr-enabled-against-decision": h.Flip(
            "dynamodb_pitr_matches_decision", lambda n: n.table, _pitr(True), _pitr(False)
        ),
        "billing-alarm-at-500": h.Flip(
            "billing_alarm",
            lambda n: "billing-estimated-charges",
            h.alarm_edit("EstimatedCharges", "billing-estimated-charges", Threshold=500.0),
            h.put_alarm_back,
        ),
        "emr-capacity-32-vcpu": h.Flip(
            "emr_maximum_capacity", lambda n: n.emr_app, _emr_capacity, _emr_capacity_restore
        ),
        "emr-capacity-above-right-sizing": h.Flip(
            "emr_capacity_right_sized", lambda n: n.emr_app, _emr_capacity_doubled, _emr_capacity_restore
        ),
        # the carbon of a demo session follows the capacity deployed (4 -> 32 vCPU: over the goal)
        "carbon-emr-capacity-32-vcpu": h.Flip(
            "carbon_per_demo_session_within_budget",
            lambda n: n.emr_app,
            _emr_capacity,
            _emr_capacity_restore,
            services=("emr-serverless", "ecs", "lambda", "s3", "dynamodb", "logs"),
        ),
        "producer-role-wildcard": h.Flip(
            "iam_policy_no_wildcard_actions", lambda n: n.producer_role, _wildcard_policy, _wildcard_restore
        ),
        "lambda-tracing-off": h.Flip(
            "lambda_tracing_active", lambda n: n.api_function, _tracing("PassThrough"), _tracing("Active")
        ),
        "sfn-task-without-retry": h.Flip(
            "stepfunctions_retry_catch", lambda n: n.state_machine, _sfn_no_retry, _sfn_restore
        ),
        "batch-schedule-enabled": h.Flip(
            "eventbridge_batch_schedule",
            lambda n: "batch-schedule",
            _schedule("ENABLED"),
            _schedule("DISABLED"),
        ),
    }
