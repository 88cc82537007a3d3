"""Real misconfigurations of the platform deployed in the emulator by its own Terraform.

Change one deployed resource with boto3, collect again with the live collector, and the check's
verdict on that resource flips to FAIL and its pillar score drops; the resource is restored in
``finally`` and a last collection shows the check passing again.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from review.checks._registry import load_checks
from review.collectors import CollectRequest, collect
from review.collectors.live import LiveOptions
from review.collectors.live.specs import ALL_SPECS
from review.decisions import review_plan
from review.engine import review
from review.model import ReviewResults, SourceKind, Status
from review.profile import load_profile

pytestmark = [pytest.mark.emulator, pytest.mark.slow]
REPO_ROOT = Path(__file__).resolve().parents[2]

Aws = Callable[[str], Any]


@dataclass(frozen=True)
class Names:
    raw: str
    processed: str
    checkpoint: str
    trades: str
    dlq: str
    table: str
    emr_app: str
    api_function: str
    state_machine: str
    producer_role: str

    @classmethod
    def of(cls, outputs: dict[str, Any]) -> Names:
        buckets, streams = outputs["s3_bucket_names"], outputs["kinesis_stream_names"]
        roles = outputs["iam_role_arns"]
        return cls(
            raw=buckets["raw"],
            processed=buckets["processed"],
            checkpoint=buckets["checkpoint"],
            trades=streams["trades"],
            dlq=streams["dlq"],
            table=outputs["dynamodb_table_name"],
            emr_app=outputs["emr_application_id"],
            api_function=outputs["lambda_function_names"]["api"],
            state_machine=outputs["sfn_state_machine_arn"],
            producer_role=roles["producer_task"].rsplit("/", 1)[-1],
        )


class Reviewer:
    def __init__(self, endpoint_url: str) -> None:
        self.endpoint_url = endpoint_url
        self.checks = load_checks()
        self.plan = review_plan(load_profile("ctc", self.checks))

    def live(self, services: tuple[str, ...] | None = None) -> ReviewResults:
        """Collect the live account (only ``services`` when given: keeps each test fast) and review it."""
        specs = tuple(s for s in ALL_SPECS if services is None or s.service in services)
        request = CollectRequest(
            sources=(SourceKind.LIVE,), live=LiveOptions(endpoint_url=self.endpoint_url, specs=specs)
        )
        return review(collect(request).inventory, self.checks, self.plan)


@pytest.fixture(scope="module")
def names(platform_outputs: dict[str, Any]) -> Names:
    return Names.of(platform_outputs)


@pytest.fixture(scope="module")
def reviewer(deployment: Any, endpoint_url: str) -> Reviewer:
    return Reviewer(endpoint_url)


@dataclass(frozen=True)
class Mutation:
    check_id: str
    resource: Callable[[Names], str]  # name of the resource whose verdict must flip
    break_it: Callable[[Aws, Names], Any]  # returns whatever restore needs
    restore: Callable[[Aws, Names, Any], None]


def _s3_encryption_off(aws: Aws, n: Names) -> Any:
    saved = aws("s3").get_bucket_encryption(Bucket=n.raw)["ServerSideEncryptionConfiguration"]
    aws("s3").delete_bucket_encryption(Bucket=n.raw)
    return saved


def _s3_encryption_on(aws: Aws, n: Names, saved: Any) -> None:
    aws("s3").put_bucket_encryption(Bucket=n.raw, ServerSideEncryptionConfiguration=saved)


def _public_access_off(aws: Aws, n: Names) -> Any:
    saved = aws("s3").get_public_access_block(Bucket=n.checkpoint)["PublicAccessBlockConfiguration"]
    aws("s3").delete_public_access_block(Bucket=n.checkpoint)
    return saved


def _public_access_on(aws: Aws, n: Names, saved: Any) -> None:
    aws("s3").put_public_access_block(Bucket=n.checkpoint, PublicAccessBlockConfiguration=saved)


def _versioning(status: str) -> Callable[..., Any]:
    def apply(aws: Aws, n: Names, *_: Any) -> None:
        aws("s3").put_bucket_versioning(Bucket=n.processed, VersioningConfiguration={"Status": status})

    return apply


def _lifecycle_year(aws: Aws, n: Names) -> Any:
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


def _lifecycle_restore(aws: Aws, n: Names, saved: Any) -> None:
    aws("s3").put_bucket_lifecycle_configuration(Bucket=n.raw, LifecycleConfiguration={"Rules": saved})


def _stream_encryption_off(aws: Aws, n: Names) -> Any:
    key = aws("kinesis").describe_stream_summary(StreamName=n.trades)["StreamDescriptionSummary"]["KeyId"]
    aws("kinesis").stop_stream_encryption(StreamName=n.trades, EncryptionType="KMS", KeyId=key)
    return key


def _stream_encryption_on(aws: Aws, n: Names, key: Any) -> None:
    aws("kinesis").start_stream_encryption(StreamName=n.trades, EncryptionType="KMS", KeyId=key)


def _dlq_retention(hours: int) -> Callable[..., Any]:
    def apply(aws: Aws, n: Names, *_: Any) -> None:
        current = aws("kinesis").describe_stream_summary(StreamName=n.dlq)["StreamDescriptionSummary"]
        if hours < current["RetentionPeriodHours"]:
            aws("kinesis").decrease_stream_retention_period(StreamName=n.dlq, RetentionPeriodHours=hours)
        elif hours > current["RetentionPeriodHours"]:
            aws("kinesis").increase_stream_retention_period(StreamName=n.dlq, RetentionPeriodHours=hours)

    return apply


def _ttl(enabled: bool) -> Callable[..., Any]:
    def apply(aws: Aws, n: Names, *_: Any) -> None:
        aws("dynamodb").update_time_to_live(
            TableName=n.table, TimeToLiveSpecification={"Enabled": enabled, "AttributeName": "ttl_epoch"}
        )

    return apply


def _pitr(enabled: bool) -> Callable[..., Any]:
    def apply(aws: Aws, n: Names, *_: Any) -> None:
        aws("dynamodb").update_continuous_backups(
            TableName=n.table, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": enabled}
        )

    return apply


_ALARM_KEYS = (
    "AlarmName",
    "AlarmDescription",
    "ActionsEnabled",
    "OKActions",
    "AlarmActions",
    "InsufficientDataActions",
    "MetricName",
    "Namespace",
    "Statistic",
    "Dimensions",
    "Period",
    "EvaluationPeriods",
    "DatapointsToAlarm",
    "Threshold",
    "ComparisonOperator",
    "TreatMissingData",
)


def _billing_threshold(aws: Aws, n: Names) -> Any:
    cw = aws("cloudwatch")
    alarm = next(a for a in cw.describe_alarms()["MetricAlarms"] if a.get("MetricName") == "EstimatedCharges")
    saved = {k: alarm[k] for k in _ALARM_KEYS if k in alarm}
    cw.put_metric_alarm(**{**saved, "Threshold": 500.0})
    return saved


def _billing_restore(aws: Aws, n: Names, saved: Any) -> None:
    aws("cloudwatch").put_metric_alarm(**saved)


def _emr_capacity(aws: Aws, n: Names) -> Any:
    app = aws("emr-serverless").get_application(applicationId=n.emr_app)["application"]
    aws("emr-serverless").update_application(
        applicationId=n.emr_app, maximumCapacity={"cpu": "32 vCPU", "memory": "128 GB"}
    )
    return app["maximumCapacity"]


def _emr_capacity_restore(aws: Aws, n: Names, saved: Any) -> None:
    aws("emr-serverless").update_application(applicationId=n.emr_app, maximumCapacity=saved)


def _wildcard_policy(aws: Aws, n: Names) -> None:
    doc = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "kinesis:*", "Resource": "*"}],
    }
    aws("iam").put_role_policy(
        RoleName=n.producer_role, PolicyName="review-test-wildcard", PolicyDocument=json.dumps(doc)
    )


def _wildcard_restore(aws: Aws, n: Names, _: Any) -> None:
    aws("iam").delete_role_policy(RoleName=n.producer_role, PolicyName="review-test-wildcard")


def _tracing(mode: str) -> Callable[..., Any]:
    def apply(aws: Aws, n: Names, *_: Any) -> None:
        aws("lambda").update_function_configuration(FunctionName=n.api_function, TracingConfig={"Mode": mode})

    return apply


def _sfn_no_retry(aws: Aws, n: Names) -> Any:
    sfn = aws("stepfunctions")
    definition = sfn.describe_state_machine(stateMachineArn=n.state_machine)["definition"]
    broken = json.loads(definition)
    first = broken["StartAt"]
    broken["States"][first] = {
        k: v for k, v in copy.deepcopy(broken["States"][first]).items() if k != "Retry"
    }
    sfn.update_state_machine(stateMachineArn=n.state_machine, definition=json.dumps(broken))
    return definition


def _sfn_restore(aws: Aws, n: Names, definition: Any) -> None:
    aws("stepfunctions").update_state_machine(stateMachineArn=n.state_machine, definition=definition)


def _schedule(state: str) -> Callable[..., Any]:
    def apply(aws: Aws, n: Names, *_: Any) -> None:
        events = aws("events")
        rule = next(r for r in events.list_rules()["Rules"] if r.get("ScheduleExpression"))
        (events.enable_rule if state == "ENABLED" else events.disable_rule)(Name=rule["Name"])

    return apply


def _stream_mode(mode: str) -> Callable[..., Any]:
    def apply(aws: Aws, n: Names, *_: Any) -> None:
        k = aws("kinesis")
        arn = k.describe_stream_summary(StreamName=n.trades)["StreamDescriptionSummary"]["StreamARN"]
        k.update_stream_mode(StreamARN=arn, StreamModeDetails={"StreamMode": mode})

    return apply


def _noop(*_: Any) -> None:
    return None


MUTATIONS = {
    "s3-encryption-removed": Mutation(
        "s3_bucket_encryption", lambda n: n.raw, _s3_encryption_off, _s3_encryption_on
    ),
    "s3-public-access-block-removed": Mutation(
        "s3_public_access_blocked", lambda n: n.checkpoint, _public_access_off, _public_access_on
    ),
    "s3-versioning-suspended": Mutation(
        "s3_versioning_enabled", lambda n: n.processed, _versioning("Suspended"), _versioning("Enabled")
    ),
    "s3-raw-kept-a-year": Mutation(
        "s3_lifecycle_retention", lambda n: n.raw, _lifecycle_year, _lifecycle_restore
    ),
    "kinesis-encryption-stopped": Mutation(
        "kinesis_stream_encrypted", lambda n: n.trades, _stream_encryption_off, _stream_encryption_on
    ),
    "kinesis-stream-provisioned": Mutation(
        "kinesis_on_demand", lambda n: n.trades, _stream_mode("PROVISIONED"), _stream_mode("ON_DEMAND")
    ),
    "kinesis-dlq-retention-24h": Mutation(
        "kinesis_dlq_stream", lambda n: n.dlq, _dlq_retention(24), _dlq_retention(48)
    ),
    "dynamodb-ttl-disabled": Mutation("dynamodb_ttl_enabled", lambda n: n.table, _ttl(False), _ttl(True)),
    "dynamodb-pitr-enabled-against-decision": Mutation(
        "dynamodb_pitr_matches_decision", lambda n: n.table, _pitr(True), _pitr(False)
    ),
    "billing-alarm-at-500": Mutation(
        "billing_alarm", lambda n: "billing-estimated-charges", _billing_threshold, _billing_restore
    ),
    "emr-capacity-32-vcpu": Mutation(
        "emr_maximum_capacity", lambda n: n.emr_app, _emr_capacity, _emr_capacity_restore
    ),
    "producer-role-wildcard": Mutation(
        "iam_policy_no_wildcard_actions", lambda n: n.producer_role, _wildcard_policy, _wildcard_restore
    ),
    "lambda-tracing-off": Mutation(
        "lambda_tracing_active", lambda n: n.api_function, _tracing("PassThrough"), _tracing("Active")
    ),
    "sfn-task-without-retry": Mutation(
        "stepfunctions_retry_catch", lambda n: n.state_machine, _sfn_no_retry, _sfn_restore
    ),
    "batch-schedule-enabled": Mutation(
        "eventbridge_batch_schedule", lambda n: "batch-schedule", _schedule("ENABLED"), _schedule("DISABLED")
    ),
}


@pytest.mark.parametrize("case", sorted(MUTATIONS))
def test_misconfiguration_flips_the_verdict_and_lowers_the_pillar_score(
    case: str, aws: Aws, names: Names, reviewer: Reviewer
) -> None:
    m = MUTATIONS[case]
    services = (next(c.meta.service for c in reviewer.checks if c.id == m.check_id),)
    baseline = reviewer.live(services)
    before = next(r for r in baseline.checks if r.meta.id == m.check_id)
    assert before.status == Status.PASS, [f.message for f in before.findings]
    pillar = before.meta.pillar
    score_before = next(p for p in baseline.scores.pillars if p.pillar == pillar).score
    saved = m.break_it(aws, names)
    try:
        after_results = reviewer.live(services)
    finally:
        m.restore(aws, names, saved)
    after = next(r for r in after_results.checks if r.meta.id == m.check_id)
    failing = [f for f in after.findings if f.status == Status.FAIL]
    assert after.status == Status.FAIL and failing
    target = m.resource(names)
    assert all(target in f.resource_id or target in f.message for f in failing), [f.message for f in failing]
    score_after = next(p for p in after_results.scores.pillars if p.pillar == pillar).score
    assert score_after < score_before, (pillar, score_before, score_after)
    restored = next(r for r in reviewer.live(services).checks if r.meta.id == m.check_id)
    assert restored.status == Status.PASS, [f.message for f in restored.findings if f.status != Status.PASS]
