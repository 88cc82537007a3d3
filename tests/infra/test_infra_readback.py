"""Read the deployed platform back from the emulator and assert the seed review's figures.

Every assertion is on a value the AWS APIs return for the resources Terraform created (the
shared ``deployment`` fixture), not on the Terraform source.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest

pytestmark = [pytest.mark.emulator]

ACCOUNT = "123456789012"
PREFIX = "ctc-dev"
BUCKETS = {
    "raw": f"{PREFIX}-raw-{ACCOUNT}",
    "processed": f"{PREFIX}-processed-{ACCOUNT}",
    "checkpoint": f"{PREFIX}-checkpoint-{ACCOUNT}",
    "athena_results": f"{PREFIX}-athena-results-{ACCOUNT}",
}
# Actions IAM offers no resource-level permissions for: the only ones allowed on Resource "*".
NO_RESOURCE_LEVEL_ACTIONS = {
    "cloudwatch:PutMetricData",
    "cloudwatch:GetMetricStatistics",
    "lakeformation:GetDataAccess",
    "ecr:GetAuthorizationToken",
    "xray:PutTraceSegments",
    "xray:PutTelemetryRecords",
    "xray:GetSamplingRules",
    "xray:GetSamplingTargets",
    "logs:CreateLogDelivery",
    "logs:GetLogDelivery",
    "logs:UpdateLogDelivery",
    "logs:DeleteLogDelivery",
    "logs:ListLogDeliveries",
    "logs:PutResourcePolicy",
    "logs:DescribeResourcePolicies",
    "logs:DescribeLogGroups",
}
# ...and those of them whose service offers a condition key that must then scope them.
CONDITION_REQUIRED = {"cloudwatch:PutMetricData": "cloudwatch:namespace"}

Aws = Callable[[str], Any]


@pytest.fixture(scope="module")
def outputs(deployment: Any) -> dict[str, Any]:
    return dict(deployment.outputs)


# ---------------------------------------------------------------------------------------------- S3


def _rules(aws: Aws, bucket: str) -> list[dict[str, Any]]:
    return list(aws("s3").get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"])


def _prefix(rule: dict[str, Any]) -> str:
    return str(rule.get("Filter", {}).get("Prefix", rule.get("Prefix", "")))


def test_bucket_names_are_the_outputs(outputs: dict[str, Any], aws: Aws) -> None:
    assert outputs["s3_bucket_names"] == BUCKETS
    existing = {b["Name"] for b in aws("s3").list_buckets()["Buckets"]}
    assert set(BUCKETS.values()) <= existing


def test_raw_bucket_tiers_at_30_days_expires_at_90_and_dlq_at_7(outputs: dict[str, Any], aws: Aws) -> None:
    rules = [r for r in _rules(aws, BUCKETS["raw"]) if r["Status"] == "Enabled"]
    whole = [r for r in rules if _prefix(r) == ""]
    assert len(whole) == 1
    assert whole[0]["Transitions"] == [{"Days": 30, "StorageClass": "STANDARD_IA"}]
    assert whole[0]["Expiration"] == {"Days": 90}
    dlq = [r for r in rules if _prefix(r) == "dlq/"]
    assert len(dlq) == 1 and dlq[0]["Expiration"] == {"Days": 7}


@pytest.mark.parametrize(("bucket", "days"), [("checkpoint", 7), ("athena_results", 7)])
def test_transient_buckets_expire_after_7_days(
    aws: Aws, bucket: str, days: int, outputs: dict[str, Any]
) -> None:
    rules = [r for r in _rules(aws, BUCKETS[bucket]) if r["Status"] == "Enabled"]
    assert [r["Expiration"] for r in rules] == [{"Days": days}]
    assert "Transitions" not in rules[0]


@pytest.mark.parametrize("bucket", sorted(BUCKETS))
def test_bucket_aborts_incomplete_uploads(aws: Aws, bucket: str, outputs: dict[str, Any]) -> None:
    rules = _rules(aws, BUCKETS[bucket])
    assert any(r.get("AbortIncompleteMultipartUpload", {}).get("DaysAfterInitiation", 0) >= 1 for r in rules)


@pytest.mark.parametrize("bucket", sorted(BUCKETS))
def test_bucket_encryption_bucket_key_public_access_and_ownership(
    aws: Aws, bucket: str, outputs: dict[str, Any]
) -> None:
    s3 = aws("s3")
    name = BUCKETS[bucket]
    (rule,) = s3.get_bucket_encryption(Bucket=name)["ServerSideEncryptionConfiguration"]["Rules"]
    assert rule["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"
    assert rule["BucketKeyEnabled"] is True
    block = s3.get_public_access_block(Bucket=name)["PublicAccessBlockConfiguration"]
    assert block == {
        "BlockPublicAcls": True,
        "IgnorePublicAcls": True,
        "BlockPublicPolicy": True,
        "RestrictPublicBuckets": True,
    }
    ownership = s3.get_bucket_ownership_controls(Bucket=name)["OwnershipControls"]["Rules"]
    assert ownership == [{"ObjectOwnership": "BucketOwnerEnforced"}]
    policy = json.loads(s3.get_bucket_policy(Bucket=name)["Policy"])
    assert any(
        st["Effect"] == "Deny"
        and st.get("Condition", {}).get("Bool", {}).get("aws:SecureTransport") == "false"
        for st in policy["Statement"]
    ), "bucket policy must deny non-TLS requests"


def test_only_the_processed_bucket_is_versioned(aws: Aws, outputs: dict[str, Any]) -> None:
    s3 = aws("s3")
    status = {key: s3.get_bucket_versioning(Bucket=name).get("Status") for key, name in BUCKETS.items()}
    assert status == {"raw": None, "processed": "Enabled", "checkpoint": None, "athena_results": None}


# --------------------------------------------------------------------------------- Kinesis, DynamoDB


def test_trades_stream_is_on_demand_and_kms_encrypted(aws: Aws, outputs: dict[str, Any]) -> None:
    assert outputs["kinesis_stream_names"] == {"trades": f"{PREFIX}-trades", "dlq": f"{PREFIX}-trades-dlq"}
    summary = aws("kinesis").describe_stream_summary(StreamName=f"{PREFIX}-trades")[
        "StreamDescriptionSummary"
    ]
    assert summary["StreamModeDetails"]["StreamMode"] == "ON_DEMAND"
    assert summary["EncryptionType"] == "KMS"
    assert summary["KeyId"] == "alias/aws/kinesis"


def test_dlq_stream_keeps_48_hours_encrypted(aws: Aws, outputs: dict[str, Any]) -> None:
    summary = aws("kinesis").describe_stream_summary(StreamName=f"{PREFIX}-trades-dlq")[
        "StreamDescriptionSummary"
    ]
    assert summary["RetentionPeriodHours"] == 48
    assert summary["EncryptionType"] == "KMS"


def test_alerts_table_keys_indexes_ttl_sse_and_no_pitr(aws: Aws, outputs: dict[str, Any]) -> None:
    ddb = aws("dynamodb")
    table = ddb.describe_table(TableName=outputs["dynamodb_table_name"])["Table"]
    assert table["TableName"] == f"{PREFIX}-alerts"
    assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert table["KeySchema"] == [
        {"AttributeName": "alert_id", "KeyType": "HASH"},
        {"AttributeName": "detected_at", "KeyType": "RANGE"},
    ]
    indexes = {g["IndexName"]: g for g in table["GlobalSecondaryIndexes"]}
    assert set(indexes) == {"type-time-index", "symbol-time-index"}
    for name, hash_key in (("type-time-index", "alert_type"), ("symbol-time-index", "symbol")):
        assert indexes[name]["KeySchema"] == [
            {"AttributeName": hash_key, "KeyType": "HASH"},
            {"AttributeName": "detected_at", "KeyType": "RANGE"},
        ]
        assert indexes[name]["Projection"]["ProjectionType"] == "ALL"
    assert table["SSEDescription"]["Status"] == "ENABLED"
    ttl = ddb.describe_time_to_live(TableName=table["TableName"])["TimeToLiveDescription"]
    assert ttl == {"TimeToLiveStatus": "ENABLED", "AttributeName": "ttl_epoch"}
    backups = ddb.describe_continuous_backups(TableName=table["TableName"])["ContinuousBackupsDescription"]
    assert backups["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "DISABLED"


# ---------------------------------------------------------------------------------- EMR Serverless


def test_emr_application_auto_stop_and_capacities(aws: Aws, outputs: dict[str, Any]) -> None:
    app = aws("emr-serverless").get_application(applicationId=outputs["emr_application_id"])["application"]
    assert app["name"] == f"{PREFIX}-spark"
    assert app["type"].upper() == "SPARK"
    assert app["releaseLabel"] == "emr-spark-8.0.0"
    assert app["autoStartConfiguration"] == {"enabled": True}
    assert app["autoStopConfiguration"] == {"enabled": True, "idleTimeoutMinutes": 15}
    assert app["maximumCapacity"]["cpu"] == "4 vCPU"
    assert app["maximumCapacity"]["memory"] == "8 GB"
    driver = app["initialCapacity"]["Driver"]
    assert driver["workerCount"] == 1
    assert driver["workerConfiguration"]["cpu"] == "2 vCPU"
    assert driver["workerConfiguration"]["memory"] == "4 GB"


# ---------------------------------------------------------------------------------- monitoring


def _alarm(aws: Aws, name: str) -> dict[str, Any]:
    alarms = aws("cloudwatch").describe_alarms(AlarmNames=[name])["MetricAlarms"]
    assert len(alarms) == 1, f"alarm {name} not deployed"
    return dict(alarms[0])


@pytest.mark.parametrize(
    ("name", "namespace", "metric", "operator", "threshold", "period", "evaluations"),
    [
        (
            "billing-estimated-charges",
            "AWS/Billing",
            "EstimatedCharges",
            "GreaterThanThreshold",
            25,
            21600,
            1,
        ),
        (
            "trades-iterator-age",
            "AWS/Kinesis",
            "GetRecords.IteratorAgeMilliseconds",
            "GreaterThanThreshold",
            300000,
            300,
            3,
        ),
        ("alerts-table-throttles", "AWS/DynamoDB", "ThrottledRequests", "GreaterThanThreshold", 5, 300, 2),
        ("data-quality-score", "CryptoPulse/Quality", "QualityScore", "LessThanThreshold", 95, 300, 1),
    ],
)
def test_alarm_figures_and_actions(
    aws: Aws,
    outputs: dict[str, Any],
    name: str,
    namespace: str,
    metric: str,
    operator: str,
    threshold: float,
    period: int,
    evaluations: int,
) -> None:
    alarm = _alarm(aws, f"{PREFIX}-{name}")
    assert (alarm["Namespace"], alarm["MetricName"]) == (namespace, metric)
    assert alarm["ComparisonOperator"] == operator
    assert alarm["Threshold"] == threshold
    assert alarm["Period"] == period
    assert alarm["EvaluationPeriods"] == evaluations
    assert alarm.get("DatapointsToAlarm", evaluations) == evaluations  # "3 of 3", "2 of 2"
    assert alarm["AlarmActions"] == [outputs["sns_topic_arn"]]
    assert alarm["ActionsEnabled"] is True


def test_billing_alarm_watches_usd(aws: Aws, outputs: dict[str, Any]) -> None:
    alarm = _alarm(aws, f"{PREFIX}-billing-estimated-charges")
    assert alarm["Dimensions"] == [{"Name": "Currency", "Value": "USD"}]


def test_alarms_topic_is_kms_encrypted(aws: Aws, outputs: dict[str, Any]) -> None:
    attributes = aws("sns").get_topic_attributes(TopicArn=outputs["sns_topic_arn"])["Attributes"]
    key_id = attributes.get("KmsMasterKeyId", "")
    assert key_id, "alarms topic is not encrypted"
    key = aws("kms").describe_key(KeyId=key_id)["KeyMetadata"]
    assert key["KeyManager"] == "CUSTOMER"
    assert aws("kms").get_key_rotation_status(KeyId=key["KeyId"])["KeyRotationEnabled"] is True


def _alarm_inbox(aws: Aws) -> tuple[str, dict[str, str]]:
    sqs = aws("sqs")
    url = sqs.get_queue_url(QueueName=f"{PREFIX}-alarm-inbox")["QueueUrl"]
    return url, sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]


def test_alarms_topic_delivers_to_the_sqs_alarm_inbox(aws: Aws, outputs: dict[str, Any]) -> None:
    _, queue = _alarm_inbox(aws)
    sns = aws("sns")
    subscriptions = sns.list_subscriptions_by_topic(TopicArn=outputs["sns_topic_arn"])["Subscriptions"]
    inbox = [s for s in subscriptions if s["Protocol"] == "sqs"]
    assert [s["Endpoint"] for s in inbox] == [queue["QueueArn"]]
    attributes = sns.get_subscription_attributes(SubscriptionArn=inbox[0]["SubscriptionArn"])["Attributes"]
    assert attributes.get("RawMessageDelivery", "false") == "false"
    dead_letter = json.loads(attributes["RedrivePolicy"])["deadLetterTargetArn"]
    assert dead_letter.endswith(f":{PREFIX}-alarm-dead-letter")
    assert json.loads(queue["RedrivePolicy"])["deadLetterTargetArn"] == dead_letter


def test_alarm_inbox_is_encrypted_keeps_14_days_admits_only_the_topic_and_only_over_tls(
    aws: Aws, outputs: dict[str, Any]
) -> None:
    _, queue = _alarm_inbox(aws)
    assert queue["MessageRetentionPeriod"] == "1209600"
    kms = aws("kms")
    topic = aws("sns").get_topic_attributes(TopicArn=outputs["sns_topic_arn"])["Attributes"]
    assert queue.get("KmsMasterKeyId"), "alarm inbox is not KMS-encrypted"
    queue_key = kms.describe_key(KeyId=queue["KmsMasterKeyId"])["KeyMetadata"]
    assert queue_key["KeyManager"] == "CUSTOMER"
    assert queue_key["KeyId"] == kms.describe_key(KeyId=topic["KmsMasterKeyId"])["KeyMetadata"]["KeyId"]
    statements = _as_list(json.loads(queue["Policy"])["Statement"])
    allows = [s for s in statements if s["Effect"] == "Allow"]
    assert allows
    denies = [s for s in statements if s["Effect"] == "Deny"]
    assert [d["Condition"] for d in denies] == [{"Bool": {"aws:SecureTransport": "false"}}]
    for statement in allows:
        assert statement["Principal"] == {"Service": "sns.amazonaws.com"}
        assert _as_list(statement["Action"]) == ["sqs:SendMessage"]
        assert statement["Resource"] == queue["QueueArn"]
        assert statement["Condition"] == {"ArnEquals": {"aws:SourceArn": outputs["sns_topic_arn"]}}


def test_a_published_alarm_lands_in_the_inbox(aws: Aws, outputs: dict[str, Any]) -> None:
    url, _ = _alarm_inbox(aws)
    sqs, marker = aws("sqs"), f"readback-{uuid.uuid4()}"
    aws("sns").publish(TopicArn=outputs["sns_topic_arn"], Subject="read-back", Message=marker)
    found = None
    for _ in range(10):  # other tests may publish too: take only this test's message
        for message in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1).get(
            "Messages", []
        ):
            envelope = json.loads(message["Body"])
            if envelope.get("Message") == marker:
                found = envelope
                sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
        if found:
            break
    assert found is not None, "the alarm published to the topic never reached the inbox"
    assert found["TopicArn"] == outputs["sns_topic_arn"] and found["Subject"] == "read-back"


def test_dashboard_has_five_widgets_on_the_named_metrics(aws: Aws, outputs: dict[str, Any]) -> None:
    body = json.loads(aws("cloudwatch").get_dashboard(DashboardName=f"{PREFIX}-platform")["DashboardBody"])
    widgets = body["widgets"]
    assert len(widgets) == 5
    metrics = [tuple(m[:2]) for w in widgets for m in w["properties"]["metrics"]]
    assert ("AWS/Kinesis", "IncomingRecords") in metrics
    assert ("AWS/Kinesis", "GetRecords.IteratorAgeMilliseconds") in metrics
    assert ("AWS/DynamoDB", "ConsumedWriteCapacityUnits") in metrics
    assert ("AWS/Billing", "EstimatedCharges") in metrics
    assert {m for ns, m in metrics if ns == "CryptoPulse/Alerts"} == {
        "AnomalyCount",
        "WhaleCount",
        "SpreadAlertCount",
    }


# ------------------------------------------------------------------------------------------- SSM


def test_exactly_six_ssm_parameters_for_service_discovery(aws: Aws, outputs: dict[str, Any]) -> None:
    pages = aws("ssm").get_paginator("get_parameters_by_path").paginate(Path="/ctc/dev", Recursive=True)
    params = {p["Name"]: p for page in pages for p in page["Parameters"]}
    assert set(params) == {
        "/ctc/dev/kinesis/trades-stream-name",
        "/ctc/dev/kinesis/dlq-stream-name",
        "/ctc/dev/dynamodb/alerts-table-name",
        "/ctc/dev/s3/bucket-names",
        "/ctc/dev/glue/database-name",
        "/ctc/dev/config/symbols",
    }
    assert set(outputs["ssm_parameter_names"].values()) == set(params)
    assert json.loads(params["/ctc/dev/s3/bucket-names"]["Value"]) == BUCKETS
    assert params["/ctc/dev/config/symbols"]["Value"] == "BTC-USDT,ETH-USDT,SOL-USDT"
    assert params["/ctc/dev/glue/database-name"]["Value"] == "ctc_dev_lakehouse"


# ------------------------------------------------------------------------------------------- IAM


def _document(value: Any) -> dict[str, Any]:
    return json.loads(value) if isinstance(value, str) else dict(value)


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _platform_roles(aws: Aws) -> list[dict[str, Any]]:
    pages = aws("iam").get_paginator("list_roles").paginate()
    return [r for page in pages for r in page["Roles"] if r["RoleName"].startswith(f"{PREFIX}-")]


def _role_statements(aws: Aws, role: str) -> Iterator[tuple[str, dict[str, Any]]]:
    iam = aws("iam")
    for name in iam.list_role_policies(RoleName=role)["PolicyNames"]:
        document = _document(iam.get_role_policy(RoleName=role, PolicyName=name)["PolicyDocument"])
        for statement in _as_list(document["Statement"]):
            yield f"{role}/{name}", statement
    for attached in iam.list_attached_role_policies(RoleName=role)["AttachedPolicies"]:
        arn = attached["PolicyArn"]
        assert not arn.startswith("arn:aws:iam::aws:policy/"), f"{role} uses AWS managed policy {arn}"
        version = iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"]
        document = _document(
            iam.get_policy_version(PolicyArn=arn, VersionId=version)["PolicyVersion"]["Document"]
        )
        for statement in _as_list(document["Statement"]):
            yield f"{role}/{arn}", statement


def test_every_platform_role_is_deployed(aws: Aws, outputs: dict[str, Any]) -> None:
    names = {r["RoleName"] for r in _platform_roles(aws)}
    expected = {arn.rsplit("/", 1)[-1] for arn in outputs["iam_role_arns"].values()}
    assert expected <= names
    for key in ("emr_execution", "producer_task", "lambda_api", "step_functions", "analyst"):
        assert key in outputs["iam_role_arns"]


def test_every_statement_names_arns_except_actions_without_resource_level_support(
    aws: Aws, outputs: dict[str, Any]
) -> None:
    checked = 0
    for role in _platform_roles(aws):
        for where, statement in _role_statements(aws, role["RoleName"]):
            checked += 1
            actions = set(_as_list(statement.get("Action", [])))
            resources = _as_list(statement.get("Resource", []))
            assert "NotResource" not in statement and "NotAction" not in statement, where
            assert not any(a == "*" or a.endswith(":*") for a in actions), (
                f"{where}: wildcard action {actions}"
            )
            if "*" in resources:
                assert actions <= NO_RESOURCE_LEVEL_ACTIONS, f"{where}: '*' resource for {actions}"
                for action, key in CONDITION_REQUIRED.items():
                    if action in actions:
                        conditions = statement.get("Condition", {})
                        assert any(key in values for values in conditions.values()), (
                            f"{where}: {action} unscoped"
                        )
            else:
                assert all(str(r).startswith("arn:") for r in resources), (
                    f"{where}: non-ARN resource {resources}"
                )
    assert checked >= 30, "suspiciously few statements read back"


def test_put_metric_data_is_limited_to_the_cryptopulse_namespaces(aws: Aws, outputs: dict[str, Any]) -> None:
    seen = 0
    for role in _platform_roles(aws):
        for where, statement in _role_statements(aws, role["RoleName"]):
            if "cloudwatch:PutMetricData" in _as_list(statement.get("Action", [])):
                seen += 1
                assert statement["Condition"]["StringLike"]["cloudwatch:namespace"] == "CryptoPulse/*", where
    assert seen >= 3  # EMR, producer, batch Lambdas


def test_scoped_roles_of_the_seed(aws: Aws, outputs: dict[str, Any]) -> None:
    """EMR: the specific buckets; producer: write to the streams only; API: read-only on 1 table."""
    statements = {
        key: [st for _, st in _role_statements(aws, f"{PREFIX}-{key.replace('_', '-')}")]
        for key in ("emr_execution", "producer_task", "lambda_api")
    }
    emr_s3 = {r for st in statements["emr_execution"] for r in _as_list(st["Resource"]) if ":s3:::" in r}
    assert emr_s3 == {
        f"arn:aws:s3:::{BUCKETS[b]}{suffix}"
        for b in ("raw", "processed", "checkpoint")
        for suffix in ("", "/*")
    }
    producer_kinesis = [
        st for st in statements["producer_task"] if any("kinesis:" in a for a in _as_list(st["Action"]))
    ]
    assert {a for st in producer_kinesis for a in _as_list(st["Action"])} <= {
        "kinesis:PutRecord",
        "kinesis:PutRecords",
        "kinesis:DescribeStream",
        "kinesis:DescribeStreamSummary",
    }
    assert {r.rsplit("/", 1)[-1] for st in producer_kinesis for r in _as_list(st["Resource"])} == {
        f"{PREFIX}-trades",
        f"{PREFIX}-trades-dlq",
    }
    api_dynamodb = [
        st for st in statements["lambda_api"] if any("dynamodb:" in a for a in _as_list(st["Action"]))
    ]
    assert {a for st in api_dynamodb for a in _as_list(st["Action"])} == {
        "dynamodb:GetItem",
        "dynamodb:Query",
        "dynamodb:Scan",
    }
    table_arn = f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/{PREFIX}-alerts"
    assert {r for st in api_dynamodb for r in _as_list(st["Resource"])} == {table_arn, f"{table_arn}/index/*"}


# IAM action prefix of each client the API builds (cloudwatch's endpoint prefix is "monitoring").
API_CLIENT_IAM_PREFIX = {
    "dynamodb": "dynamodb",
    "cloudwatch": "cloudwatch",
    "emr-serverless": "emr-serverless",
}


def test_api_role_grants_exactly_what_health_calls(aws: Aws, outputs: dict[str, Any]) -> None:
    """Run GET /health with the deployed function's environment and compare the AWS calls it
    makes with the API role's grants: every call allowed, no grant beyond the calls (and the
    role's log, DLQ and tracing statements)."""
    from coattail.api.app import App

    function = aws("lambda").get_function_configuration(FunctionName=outputs["lambda_function_names"]["api"])
    env = function["Environment"]["Variables"]
    assert env["TRADES_STREAM_NAME"] == outputs["kinesis_stream_names"]["trades"]
    assert env["EMR_APPLICATION_ID"] == outputs["emr_application_id"]
    calls: set[str] = set()

    def client(service: str) -> Any:
        made = aws(service)
        prefix = API_CLIENT_IAM_PREFIX[service]
        made.meta.events.register("before-call", lambda model, **_: calls.add(f"{prefix}:{model.name}"))
        return made

    app = App.from_environment(env, client_factory=client)
    response = app.handle({"httpMethod": "GET", "path": "/health", "requestContext": {"requestId": "rb"}})
    assert response["statusCode"] == 200
    components = json.loads(response["body"])["components"]
    assert components["job"]["status"] != "unknown", components["job"]  # EMR reads allowed + configured
    assert "not configured" not in components["stream"].get("reason", "")

    statements = [st for _, st in _role_statements(aws, f"{PREFIX}-lambda-api")]
    granted: dict[str, list[str]] = {}
    for statement in statements:
        for action in _as_list(statement["Action"]):
            granted.setdefault(action, []).extend(_as_list(statement["Resource"]))
    supporting = {a for a in granted if a.split(":")[0] in ("logs", "sqs", "xray")}
    health_calls = {c for c in calls if not c.startswith("dynamodb:")}
    assert health_calls == {
        "cloudwatch:GetMetricStatistics",
        "emr-serverless:GetApplication",
        "emr-serverless:ListJobRuns",
    }
    assert calls <= set(granted), f"calls without a grant: {calls - set(granted)}"
    extra = set(granted) - supporting - calls - {"dynamodb:GetItem", "dynamodb:Scan"}
    assert not extra, f"grants /health and the routes do not use: {extra}"
    application_arn = aws("emr-serverless").get_application(applicationId=outputs["emr_application_id"])[
        "application"
    ]["arn"]
    for action in ("emr-serverless:GetApplication", "emr-serverless:ListJobRuns"):
        assert granted[action] == [application_arn]
    assert granted["cloudwatch:GetMetricStatistics"] == ["*"]  # no resource-level permissions


def test_analyst_role_requires_mfa(aws: Aws, outputs: dict[str, Any]) -> None:
    role = aws("iam").get_role(RoleName=f"{PREFIX}-analyst")["Role"]
    trust = _document(role["AssumeRolePolicyDocument"])
    statements = _as_list(trust["Statement"])
    assert statements
    for statement in statements:
        assert statement["Condition"]["Bool"]["aws:MultiFactorAuthPresent"] in ("true", True)
    actions = {a for _, st in _role_statements(aws, f"{PREFIX}-analyst") for a in _as_list(st["Action"])}
    writes = {a for a in actions if a.split(":")[1].startswith(("Put", "Delete", "Create", "Update"))}
    assert writes <= {"s3:PutObject"}, f"analyst may write: {writes}"  # Athena results prefix only


# ------------------------------------------------------------------------------ Step Functions


def test_state_machine_has_retry_and_catch_on_every_task(aws: Aws, outputs: dict[str, Any]) -> None:
    sfn = aws("stepfunctions")
    machine = sfn.describe_state_machine(stateMachineArn=outputs["sfn_state_machine_arn"])
    definition = json.loads(machine["definition"])
    states = definition["States"]
    expected = {
        "HistoricalLoad",
        "SubmitSparkJob",
        "RunQualityChecks",
        "QualityPassed?",
        "UpdateCatalog",
        "PublishSuccess",
        "SendAlert",
        "PublishFailure",
        "Fail",
    }
    assert expected <= set(states)
    tasks = {name: state for name, state in states.items() if state["Type"] == "Task"}
    assert len(tasks) >= 6
    for name, state in tasks.items():
        assert state.get("Retry"), f"{name} has no Retry"
        assert state.get("Catch"), f"{name} has no Catch"
        assert all(c["Next"] in ("SendAlert", "PublishFailure") for c in state["Catch"]), name
    assert states["SendAlert"]["Resource"].endswith(":sns:publish")
    assert states["SendAlert"]["Next"] == "PublishFailure" and states["PublishFailure"]["Next"] == "Fail"
    assert states["SubmitSparkJob"]["Resource"].endswith(":emr-serverless:startJobRun.sync")
    assert states["SubmitSparkJob"]["Parameters"]["ApplicationId"] == outputs["emr_application_id"]
    # the job code scripts/start.sh uploads (coattail.cli.ops): entry point + the jobs package as --py-files
    spark = states["SubmitSparkJob"]["Parameters"]["JobDriver"]["SparkSubmit"]
    artifacts = f"s3://{outputs['s3_bucket_names']['processed']}/artifacts/jobs"
    assert spark["EntryPoint"] == f"{artifacts}/batch_reprocess.py"
    assert f"--py-files {artifacts}/ctc_jobs.zip" in spark["SparkSubmitParameters"]
    logging = states["SubmitSparkJob"]["Parameters"]["ConfigurationOverrides"]["MonitoringConfiguration"]
    assert logging["CloudWatchLoggingConfiguration"]["LogGroupName"] == f"/aws/emr-serverless/{PREFIX}-spark"
    assert machine["loggingConfiguration"]["level"] == "ALL"
    assert machine["tracingConfiguration"]["enabled"] is True


def test_batch_schedule_is_disabled_by_default(aws: Aws, outputs: dict[str, Any]) -> None:
    events = aws("events")
    rule = events.describe_rule(Name=f"{PREFIX}-batch-schedule")
    assert rule["State"] == "DISABLED"
    assert rule["ScheduleExpression"] == "cron(0 2 * * ? *)"
    targets = events.list_targets_by_rule(Rule=f"{PREFIX}-batch-schedule")["Targets"]
    assert [t["Arn"] for t in targets] == [outputs["sfn_state_machine_arn"]]


# ---------------------------------------------------------------------------- API Gateway, Lambda


def test_api_stage_throttling_access_logs_and_routes(aws: Aws, outputs: dict[str, Any]) -> None:
    apigw = aws("apigateway")
    api = next(a for a in apigw.get_rest_apis()["items"] if a["name"] == f"{PREFIX}-api")
    stage = apigw.get_stage(restApiId=api["id"], stageName="v1")
    settings = stage["methodSettings"]["*/*"]
    assert settings["throttlingRateLimit"] == 20
    assert settings["throttlingBurstLimit"] == 40
    assert stage["accessLogSettings"]["destinationArn"].endswith(
        f"log-group:/aws/apigateway/{PREFIX}-api/access"
    )
    assert stage["tracingEnabled"] is True
    resources = {r["path"]: r for r in apigw.get_resources(restApiId=api["id"])["items"]}
    assert {"/alerts", "/metrics/{symbol}"} <= set(resources)
    for path in ("/alerts", "/metrics/{symbol}"):
        assert "GET" in resources[path].get("resourceMethods", {}), path
    assert outputs["api_invoke_url"].rstrip("/").endswith("/v1")


def test_lambda_functions_runtime_tracing_concurrency_and_logs(aws: Aws, outputs: dict[str, Any]) -> None:
    lam, logs = aws("lambda"), aws("logs")
    handlers = {
        "api": "coattail.api.handler.lambda_handler",
        "historical_load": "coattail.jobs.batch.lambda_handlers.historical_load",
        "run_quality_checks": "coattail.jobs.batch.lambda_handlers.run_quality_checks",
        "update_catalog": "coattail.jobs.batch.lambda_handlers.update_catalog",
        "auto_stop": "coattail.autostop.handler.lambda_handler",
    }
    for key, name in outputs["lambda_function_names"].items():
        config = lam.get_function_configuration(FunctionName=name)
        assert config["Runtime"] == "python3.12"
        assert config["Handler"] == handlers[key]
        assert config["TracingConfig"]["Mode"] == "Active"
        assert config["Architectures"] == ["arm64"]
        assert config["Timeout"] <= 900 and config["MemorySize"] >= 128
        assert lam.get_function_concurrency(FunctionName=name).get("ReservedConcurrentExecutions", 0) >= 1
        groups = logs.describe_log_groups(logGroupNamePrefix=f"/aws/lambda/{name}")["logGroups"]
        assert [(g["logGroupName"], g.get("retentionInDays")) for g in groups] == [
            (f"/aws/lambda/{name}", 14)
        ]
        assert groups[0].get("kmsKeyId")


def test_producer_task_definition_on_fargate(aws: Aws, outputs: dict[str, Any]) -> None:
    task = aws("ecs").describe_task_definition(taskDefinition=outputs["ecs_task_definition_arn"])[
        "taskDefinition"
    ]
    assert task["requiresCompatibilities"] == ["FARGATE"]
    assert task["taskRoleArn"] == outputs["iam_role_arns"]["producer_task"]
    (container,) = task["containerDefinitions"]
    assert container["readonlyRootFilesystem"] is True
    assert container["logConfiguration"]["options"]["awslogs-group"] == f"/ecs/{PREFIX}-producer"


# ---------------------------------------------------------------------------- Lake Formation, tags


def test_lake_formation_tags_and_grants(aws: Aws, outputs: dict[str, Any]) -> None:
    lf = aws("lakeformation")
    tags = lf.get_resource_lf_tags(Resource={"Database": {"Name": "ctc_dev_lakehouse"}})["LFTagOnDatabase"]
    assert {t["TagKey"]: t["TagValues"] for t in tags} == {
        "classification": ["public"],
        "domain": ["market-data"],
    }
    principals = {
        p["Principal"]["DataLakePrincipalIdentifier"]
        for p in lf.list_permissions()["PrincipalResourcePermissions"]
    }
    assert outputs["iam_role_arns"]["emr_execution"] in principals
    assert outputs["iam_role_arns"]["analyst"] in principals
    assert lf.get_data_lake_settings()["DataLakeSettings"]["DataLakeAdmins"]
    warehouse = f"arn:aws:s3:::{BUCKETS['processed']}"
    assert [r["ResourceArn"] for r in lf.list_resources()["ResourceInfoList"]] == [warehouse]
    location_grants = lf.list_permissions(
        ResourceType="DATA_LOCATION", Resource={"DataLocation": {"ResourceArn": warehouse}}
    )["PrincipalResourcePermissions"]
    assert any(
        g["Principal"]["DataLakePrincipalIdentifier"] == outputs["iam_role_arns"]["emr_execution"]
        and "DATA_LOCATION_ACCESS" in g["Permissions"]
        for g in location_grants
    ), location_grants


def test_resources_carry_the_project_tags(aws: Aws, outputs: dict[str, Any]) -> None:
    expected = {"Project": "ctc", "Environment": "dev", "ManagedBy": "terraform"}
    bucket_tags = {
        t["Key"]: t["Value"] for t in aws("s3").get_bucket_tagging(Bucket=BUCKETS["raw"])["TagSet"]
    }
    table_arn = aws("dynamodb").describe_table(TableName=f"{PREFIX}-alerts")["Table"]["TableArn"]
    table_tags = {
        t["Key"]: t["Value"] for t in aws("dynamodb").list_tags_of_resource(ResourceArn=table_arn)["Tags"]
    }
    stream_tags = {
        t["Key"]: t["Value"]
        for t in aws("kinesis").list_tags_for_stream(StreamName=f"{PREFIX}-trades")["Tags"]
    }
    for tags in (bucket_tags, table_tags, stream_tags):
        assert expected.items() <= tags.items()
        assert tags["Name"].startswith(PREFIX)


def test_monthly_budget_notifies_the_alarms_topic(aws: Aws, outputs: dict[str, Any]) -> None:
    budgets = aws("budgets")
    budget = budgets.describe_budget(AccountId=ACCOUNT, BudgetName=f"{PREFIX}-monthly-cost")["Budget"]
    assert (budget["BudgetType"], budget["TimeUnit"]) == ("COST", "MONTHLY")
    assert float(budget["BudgetLimit"]["Amount"]) == 25 and budget["BudgetLimit"]["Unit"] == "USD"
    notifications = budgets.describe_notifications_for_budget(
        AccountId=ACCOUNT, BudgetName=budget["BudgetName"]
    )
    kinds = {(n["NotificationType"], n["Threshold"]) for n in notifications["Notifications"]}
    assert kinds == {("ACTUAL", 80), ("FORECASTED", 100)}
    for notification in notifications["Notifications"]:
        subscribers = budgets.describe_subscribers_for_notification(
            AccountId=ACCOUNT, BudgetName=budget["BudgetName"], Notification=notification
        )["Subscribers"]
        assert subscribers == [{"SubscriptionType": "SNS", "Address": outputs["sns_topic_arn"]}]
