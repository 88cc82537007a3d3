"""Cases for Lambda, API Gateway, Step Functions, EventBridge, EMR and cross-service checks."""

from __future__ import annotations

from typing import Any

from coattail.review.inventory import (
    ApiGatewayHttpStage,
    ApiGatewayStage,
    CloudWatchDashboard,
    DynamoDBTable,
    ECSTaskDefinition,
    EMRServerlessApp,
    EventBridgeRule,
    EventTarget,
    KinesisStream,
    KMSKey,
    LakeFormationPermission,
    LambdaFunction,
    MethodSetting,
    S3Bucket,
    SfnDefinition,
    SSMParameter,
    StepFunctionsStateMachine,
    WorkerCapacity,
)
from coattail.review.model import SourceKind

# the recommendation the platform's Terraform records on the application (emr_capacity_right_sized)
SIZED = {"RightSizingMaxCpu": "4 vCPU", "RightSizingMaxMemory": "8 GB", "RightSizingReport": "report.txt"}
RETRY = [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 2, "BackoffRate": 2}]
CATCH = [{"ErrorEquals": ["States.ALL"], "Next": "SendAlert"}]
GOOD_SFN = {
    "StartAt": "HistoricalLoad",
    "States": {
        "HistoricalLoad": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Next": "Submit",
            "Retry": RETRY,
            "Catch": CATCH,
        },
        "Submit": {
            "Type": "Task",
            "Resource": "arn:aws:states:::emr-serverless:startJobRun.sync",
            "Retry": RETRY,
            "Catch": CATCH,
            "Next": "Done",
        },
        "Done": {"Type": "Succeed"},
        "SendAlert": {
            "Type": "Task",
            "Resource": "arn:aws:states:::sns:publish",
            "Next": "Failed",
            "Retry": RETRY,
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Failed"}],
        },
        "Failed": {"Type": "Fail"},
    },
}
BARE_SFN = {
    "StartAt": "Load",
    "States": {
        "Load": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Next": "Submit",
            "Retry": RETRY,
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Failed"}],
        },
        "Submit": {
            "Type": "Task",
            "Resource": "arn:aws:states:::emr-serverless:startJobRun.sync",
            "End": True,
        },
        "Failed": {"Type": "Fail"},
    },
}
SFN_ARN = "arn:aws:states:us-east-1:123456789012:stateMachine:ctc-dev-batch"


def cases(b: Any) -> dict[str, list[Any]]:
    R = b.Row
    P, F, U, NA = b.PASS, b.FAIL, b.UNKNOWN, b.NA

    def plan(*unknown: str) -> dict[str, Any]:
        """Fields of a resource from a Terraform plan whose ``unknown`` ones are known only after apply."""
        return {"source": SourceKind.TERRAFORM, "unknown_attributes": unknown}

    def fn(name: str, **kw: Any) -> LambdaFunction:
        return b.make(LambdaFunction, name, **kw)

    def sfn(name: str, definition: dict[str, Any] | None, **kw: Any) -> StepFunctionsStateMachine:
        return b.make(StepFunctionsStateMachine, name, definition=SfnDefinition.parse(definition), **kw)

    def app(name: str, **kw: Any) -> EMRServerlessApp:
        return b.make(EMRServerlessApp, name, **kw)

    def stage(name: str, *settings: MethodSetting, **kw: Any) -> ApiGatewayStage:
        return b.make(ApiGatewayStage, name, stage_name=name, method_settings=settings, **kw)

    good_app = app(
        "spark",
        release_label="emr-spark-8.0.0",
        auto_start_enabled=True,
        auto_stop_enabled=True,
        auto_stop_idle_minutes=15,
        max_cpu_vcpu=4.0,
        max_memory_gb=8.0,
        architecture="ARM64",
        network_configured=False,
        initial_capacity=(WorkerCapacity(worker_type="DRIVER", count=1, cpu_vcpu=2.0, memory_gb=4.0),),
    )
    big_app = app(
        "big",
        release_label="emr-6.15.0",
        auto_stop_enabled=False,
        max_cpu_vcpu=400.0,
        max_memory_gb=3000.0,
        network_configured=True,
        initial_capacity=(WorkerCapacity(worker_type="DRIVER", count=2, cpu_vcpu=4.0, memory_gb=16.0),),
    )
    rule = b.make(
        EventBridgeRule,
        "batch",
        schedule_expression="cron(0 2 * * ? *)",
        state="DISABLED",
        targets=(EventTarget(id="sfn", arn=SFN_ARN),),
    )
    tags = {"Project": "ctc", "Environment": "dev"}
    ssm = [
        b.make(
            SSMParameter,
            f"/ctc/dev/{n}",
            id=f"arn:aws:ssm:us-east-1:123456789012:parameter/ctc/dev/{n}",
            parameter_type="String",
        )
        for n in ("a", "b")
    ]
    return {
        "lambda_runtime_supported": [
            R(
                b.inventory(fn("api", runtime="python3.12"), fn("img", package_type="Image")),
                {P: {"api", "img"}},
            ),
            R(
                b.inventory(fn("api", runtime="python3.12"), fn("old", runtime="python3.8")),
                {P: {"api"}, F: {"old"}},
            ),
        ],
        "lambda_tracing_active": [
            R(b.inventory(fn("api", tracing_mode="Active")), {P: {"api"}}),
            R(
                b.inventory(fn("api", tracing_mode="Active"), fn("dark", tracing_mode="PassThrough")),
                {P: {"api"}, F: {"dark"}},
            ),
        ],
        "lambda_timeout_bounded": [
            R(b.inventory(fn("ctc-dev-api", **plan("timeout_seconds"))), {U: {"ctc-dev-api"}}),
            R(
                b.inventory(fn("ctc-dev-api", timeout_seconds=10), fn("ctc-dev-load", timeout_seconds=300)),
                {P: {"ctc-dev-api", "ctc-dev-load"}},
                {"max_seconds": {"*-api": 29, "*": 900}},
            ),
            R(
                b.inventory(fn("ctc-dev-api", timeout_seconds=60), fn("ctc-dev-load", timeout_seconds=300)),
                {F: {"ctc-dev-api"}, P: {"ctc-dev-load"}},
                {"max_seconds": {"*-api": 29, "*": 900}},
            ),
        ],
        "lambda_memory_right_sized": [
            R(b.inventory(fn("api", **plan("memory_mb"))), {U: {"api"}}),
            R(b.inventory(fn("api", memory_mb=256)), {P: {"api"}}, {"max_mb": 1024}),
            R(
                b.inventory(fn("api", memory_mb=256), fn("huge", memory_mb=10240)),
                {P: {"api"}, F: {"huge"}},
                {"max_mb": 1024},
            ),
        ],
        "lambda_reserved_concurrency": [
            R(b.inventory(fn("api", **plan("reserved_concurrency"))), {U: {"api"}}),
            R(b.inventory(fn("api", reserved_concurrency=10)), {P: {"api"}}),
            R(
                b.inventory(
                    fn("api", reserved_concurrency=10), fn("open"), fn("off", reserved_concurrency=0)
                ),
                {P: {"api"}, F: {"open", "off"}},
            ),
        ],
        "lambda_dead_letter": [
            # a dead-letter queue created in the same apply: its ARN is not known yet
            R(b.inventory(fn("load", **plan("dead_letter_target_arn"))), {U: {"load"}}),
            R(
                b.inventory(fn("load", dead_letter_target_arn="arn:aws:sqs:us-east-1:1:dlq"), fn("api")),
                {P: {"load"}},
                {"functions": ["load"]},
            ),
            R(
                b.inventory(fn("load", dead_letter_target_arn="arn:aws:sqs:us-east-1:1:dlq"), fn("api")),
                {P: {"load"}, F: {"api"}},
            ),
        ],
        "lambda_arm64_architecture": [
            R(b.inventory(fn("api", architectures=("arm64",))), {P: {"api"}}),
            R(
                b.inventory(
                    fn("api", architectures=("arm64",)), fn("x86"), fn("intel", architectures=("x86_64",))
                ),
                {P: {"api"}, F: {"x86", "intel"}},
            ),
        ],
        "apigateway_throttling": [
            R(
                b.inventory(
                    stage("v1", MethodSetting(throttling_rate_limit=50.0, throttling_burst_limit=100)),
                    b.make(ApiGatewayHttpStage, "http", stage_name="$default", throttling_rate_limit=10.0),
                ),
                {P: {"v1", "http"}},
            ),
            R(
                b.inventory(stage("v1"), b.make(ApiGatewayHttpStage, "http", stage_name="$default")),
                {F: {"v1", "http"}},
            ),
        ],
        "apigateway_caching": [
            R(
                b.inventory(
                    stage(
                        "v1",
                        MethodSetting(caching_enabled=True, cache_ttl_seconds=10),
                        cache_cluster_enabled=True,
                        cache_cluster_size="0.5",
                    )
                ),
                {P: {"v1"}},
                {"max_ttl_seconds": 10},
            ),
            R(
                b.inventory(
                    stage("nocache"),
                    stage(
                        "long",
                        MethodSetting(caching_enabled=True, cache_ttl_seconds=300),
                        cache_cluster_enabled=True,
                    ),
                ),
                {F: {"nocache", "long"}},
                {"max_ttl_seconds": 10},
            ),
        ],
        "stepfunctions_retry_catch": [
            R(b.inventory(sfn("batch", GOOD_SFN)), {P: {"batch"}}),
            R(
                b.inventory(sfn("batch", GOOD_SFN), sfn("bare", BARE_SFN), sfn("opaque", None)),
                {P: {"batch"}, F: {"bare"}, U: {"opaque"}},
            ),
        ],
        "stepfunctions_failure_alert": [
            R(b.inventory(sfn("batch", GOOD_SFN)), {P: {"batch"}}),
            R(b.inventory(sfn("bare", BARE_SFN)), {F: {"bare"}}),
        ],
        "stepfunctions_logging_enabled": [
            R(b.inventory(sfn("batch", GOOD_SFN, **plan("logging_level"))), {U: {"batch"}}),
            R(
                b.inventory(sfn("batch", GOOD_SFN, logging_level="ERROR", tracing_enabled=True)),
                {P: {"batch"}},
            ),
            R(
                b.inventory(
                    sfn("batch", GOOD_SFN, logging_level="OFF", tracing_enabled=True),
                    sfn("untraced", GOOD_SFN, logging_level="ALL", tracing_enabled=False),
                ),
                {F: {"batch", "untraced"}},
            ),
        ],
        "eventbridge_batch_schedule": [
            R(b.inventory(rule), {P: {"batch"}}, {"schedule": "cron(0 2 * * ? *)", "state": "DISABLED"}),
            R(
                b.inventory(
                    rule.model_copy(update={"schedule_expression": "rate(1 minute)", "state": "ENABLED"})
                ),
                {F: {"batch"}},
                {"schedule": "cron(0 2 * * ? *)", "state": "DISABLED"},
            ),
            R(
                b.inventory(b.make(EventBridgeRule, "pattern", event_pattern="{}")),
                {F: {"events:scheduled rules targeting the batch workflow"}},
            ),
        ],
        "eventbridge_rule_has_targets": [
            R(b.inventory(rule), {P: {"batch"}}),
            R(
                b.inventory(rule, b.make(EventBridgeRule, "orphan", schedule_expression="rate(5 minutes)")),
                {P: {"batch"}, F: {"orphan"}},
            ),
        ],
        "emr_initial_capacity": [
            R(b.inventory(good_app), {P: {"spark"}}, {"cpu_vcpu": 2, "memory_gb": 4}),
            R(
                b.inventory(good_app, big_app, app("cold")),
                {P: {"spark"}, F: {"big", "cold"}},
                {"cpu_vcpu": 2, "memory_gb": 4},
            ),
        ],
        "emr_maximum_capacity": [
            R(b.inventory(app("planned", **plan("max_cpu_vcpu", "max_memory_gb"))), {U: {"planned"}}),
            R(b.inventory(good_app), {P: {"spark"}}, {"max_vcpu": 4, "max_memory_gb": 8}),
            R(
                b.inventory(good_app, big_app, app("uncapped")),
                {P: {"spark"}, F: {"big", "uncapped"}},
                {"max_vcpu": 4, "max_memory_gb": 8},
            ),
        ],
        "emr_auto_stop": [
            R(
                b.inventory(app("planned", **plan("auto_stop_enabled", "auto_stop_idle_minutes"))),
                {U: {"planned"}},
            ),
            R(b.inventory(good_app), {P: {"spark"}}),
            R(
                b.inventory(
                    good_app, big_app, app("slow", auto_stop_enabled=True, auto_stop_idle_minutes=60)
                ),
                {P: {"spark"}, F: {"big", "slow"}},
            ),
        ],
        "emr_release_current": [
            R(b.inventory(good_app, app("seven", release_label="emr-7.0.0")), {P: {"spark", "seven"}}),
            R(b.inventory(good_app, big_app), {P: {"spark"}, F: {"big"}}),
        ],
        "emr_capacity_right_sized": [
            R(b.inventory(app("sized", tags=SIZED, max_cpu_vcpu=4.0, max_memory_gb=8.0)), {P: {"sized"}}),
            R(
                b.inventory(
                    app("sized", tags=SIZED, max_cpu_vcpu=4.0, max_memory_gb=8.0),
                    app("roomy", tags=SIZED, max_cpu_vcpu=5.0, max_memory_gb=10.0),  # within 25 %
                    app("doubled", tags=SIZED, max_cpu_vcpu=8.0, max_memory_gb=16.0),
                    app("starved", tags=SIZED, max_cpu_vcpu=4.0, max_memory_gb=6.0),
                    app("uncapped", tags=SIZED),
                    app("unsized", max_cpu_vcpu=4.0, max_memory_gb=8.0),
                    app("planned", tags=SIZED, **plan("max_cpu_vcpu", "max_memory_gb")),
                ),
                {P: {"sized", "roomy"}, F: {"doubled", "starved", "uncapped"}, U: {"unsized", "planned"}},
            ),
            R(
                b.inventory(app("strict", tags=SIZED, max_cpu_vcpu=5.0, max_memory_gb=8.0)),
                {F: {"strict"}},
                {"tolerance": 0.0},
            ),
        ],
        "emr_arm64_architecture": [
            R(b.inventory(good_app), {P: {"spark"}}),
            R(b.inventory(good_app, big_app), {P: {"spark"}, F: {"big"}}),
        ],
        "compute_serverless": [
            R(
                b.inventory(
                    good_app,
                    app("planned", **plan("auto_stop_enabled")),
                    b.make(ECSTaskDefinition, "ptask", family="p", **plan("requires_compatibilities")),
                    b.make(DynamoDBTable, "ptable", **plan("billing_mode")),
                ),
                {P: {"spark"}, U: {"planned", "ptask", "ptable"}},
            ),
            R(
                b.inventory(
                    good_app,
                    fn("api"),
                    b.make(ECSTaskDefinition, "producer", family="p", requires_compatibilities=("FARGATE",)),
                    b.make(DynamoDBTable, "alerts", billing_mode="PAY_PER_REQUEST"),
                ),
                {P: {"spark", "producer", "alerts"}},  # a Lambda is serverless by type: not judged
            ),
            R(
                b.inventory(
                    big_app,
                    b.make(ECSTaskDefinition, "ec2", family="e", requires_compatibilities=("EC2",)),
                    b.make(DynamoDBTable, "prov", billing_mode="PROVISIONED"),
                ),
                {F: {"big", "ec2", "prov"}},
            ),
        ],
        "serverless_pay_per_use": [
            R(
                b.inventory(
                    b.make(KinesisStream, "trades", stream_mode="ON_DEMAND", **plan("shard_count")),
                    b.make(KinesisStream, "dlq", stream_mode="PROVISIONED", **plan("shard_count")),
                    b.make(DynamoDBTable, "alerts", **plan("billing_mode")),
                ),
                {P: {"trades"}, U: {"dlq", "alerts"}},
            ),
            R(
                b.inventory(
                    good_app,
                    b.make(KinesisStream, "trades", stream_mode="ON_DEMAND"),
                    b.make(KinesisStream, "dlq", stream_mode="PROVISIONED", shard_count=1),
                    b.make(DynamoDBTable, "alerts", billing_mode="PAY_PER_REQUEST"),
                ),
                {P: {"spark", "trades", "dlq", "alerts"}},
            ),
            R(
                b.inventory(
                    big_app,
                    b.make(KinesisStream, "trades", stream_mode="PROVISIONED", shard_count=4),
                    b.make(DynamoDBTable, "alerts", billing_mode="PROVISIONED"),
                ),
                {F: {"big", "trades", "alerts"}},
            ),
        ],
        "compute_outside_vpc": [
            R(b.inventory(good_app, fn("api", vpc_configured=False)), {P: {"spark", "api"}}),
            R(b.inventory(big_app, fn("vpc", vpc_configured=True)), {F: {"big", "vpc"}}),
            R(b.inventory(), {NA: {"lambda:functions or Spark applications"}}),
        ],
        "compute_network_isolation": [
            R(b.inventory(big_app, fn("vpc", vpc_configured=True)), {P: {"big", "vpc"}}),
            R(b.inventory(good_app, fn("api", vpc_configured=False)), {F: {"spark", "api"}}),
        ],
        "compute_scales_to_zero": [
            R(
                b.inventory(
                    app("planned", **plan("auto_stop_enabled")),
                    b.make(DynamoDBTable, "ptable", **plan("billing_mode")),
                ),
                {U: {"planned", "ptable"}},
            ),
            R(
                b.inventory(good_app, b.make(DynamoDBTable, "alerts", billing_mode="PAY_PER_REQUEST")),
                {P: {"spark", "alerts"}},
            ),
            R(
                b.inventory(big_app, b.make(DynamoDBTable, "prov", billing_mode="PROVISIONED")),
                {F: {"big", "prov"}},
            ),
        ],
        "resource_tagging": [
            R(
                b.inventory(
                    b.make(S3Bucket, "raw", tags=tags),
                    fn("api", tags=tags),
                    b.make(
                        LakeFormationPermission,
                        "grant",
                        principal="p",
                        resource_kind="database",
                        resource="database:x",
                    ),
                    b.make(CloudWatchDashboard, "board"),
                    b.make(KMSKey, "awskey", aliases=("alias/aws/dynamodb",)),
                    b.make(S3Bucket, "aws-created", aws_default=True),  # AWS made it: not the owner's tags
                ),
                {P: {"raw", "api"}},
            ),
            R(
                b.inventory(
                    b.make(S3Bucket, "raw", tags=tags), fn("untagged"), fn("half", tags={"Project": "ctc"})
                ),
                {P: {"raw"}, F: {"untagged", "half"}},
            ),
            R(b.inventory(b.make(S3Bucket, "raw", tags=tags)), {F: {"raw"}}, {"tags": ["Owner"]}),
        ],
        "ssm_runtime_parameters": [
            R(b.inventory(*ssm), {P: {"a", "b"}}, {"path": "/ctc/dev/", "names": ["a", "b"]}),
            R(b.inventory(ssm[0]), {F: {"a"}}, {"path": "/ctc/dev/", "names": ["a", "b"]}),
            R(
                b.inventory(),
                {F: {"ssm:SSM parameters under /ctc/dev/"}},
                {"path": "/ctc/dev/", "names": ["a"]},
            ),
        ],
    }
