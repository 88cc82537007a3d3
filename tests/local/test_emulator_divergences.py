"""Each divergence fix of platform/emulator/divergences.py, shown by a boto3 call to the server."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

pytestmark = pytest.mark.emulator


def test_iam_aws_managed_policies_exist(client: Any) -> None:
    policy = client("iam").get_policy(PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")["Policy"]
    assert policy["PolicyName"] == "ReadOnlyAccess"
    basic = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
    assert client("iam").get_policy(PolicyArn=basic)["Policy"]["Arn"] == basic


def test_emr_serverless_application_is_created_with_architecture(client: Any, unique: str) -> None:
    emr = client("emr-serverless")
    app_id = emr.create_application(name=unique, releaseLabel="emr-7.1.0", type="SPARK")["applicationId"]
    app = emr.get_application(applicationId=app_id)["application"]
    assert app["state"] == "CREATED"
    assert app["architecture"] == "X86_64"
    arm = emr.create_application(
        name=unique + "a", releaseLabel="emr-7.1.0", type="SPARK", architecture="ARM64"
    )
    assert emr.get_application(applicationId=arm["applicationId"])["application"]["architecture"] == "ARM64"
    emr.update_application(applicationId=app_id, architecture="ARM64")
    assert emr.get_application(applicationId=app_id)["application"]["architecture"] == "ARM64"
    emr.delete_application(applicationId=app_id)  # allowed from CREATED, as on AWS


def test_emr_serverless_accepts_spark_runtime_release_label(client: Any, unique: str) -> None:
    emr = client("emr-serverless")
    app_id = emr.create_application(name=unique, releaseLabel="emr-spark-8.0.0", type="SPARK")[
        "applicationId"
    ]
    assert emr.get_application(applicationId=app_id)["application"]["releaseLabel"] == "emr-spark-8.0.0"
    with pytest.raises(ClientError):
        emr.create_application(name=unique, releaseLabel="emr-nonsense", type="SPARK")


def _db_grant(principal_arn: str, database: str) -> dict[str, Any]:
    return {
        "Principal": {"DataLakePrincipalIdentifier": principal_arn},
        "Resource": {"Database": {"Name": database}},
        "Permissions": ["DESCRIBE"],
    }


def test_lake_formation_revoke_of_nothing_raises(client: Any, unique: str) -> None:
    lf = client("lakeformation")
    grant = _db_grant(f"arn:aws:iam::123456789012:role/{unique}", unique)
    lf.grant_permissions(**grant)
    lf.revoke_permissions(**grant)  # revokes what is held
    with pytest.raises(ClientError) as raised:
        lf.revoke_permissions(**grant)  # nothing left: AWS refuses
    assert raised.value.response["Error"]["Code"] == "InvalidInputException"
    assert "No permissions revoked" in raised.value.response["Error"]["Message"]


def test_lake_formation_list_permissions_on_lf_tag_and_policy(client: Any, unique: str) -> None:
    lf = client("lakeformation")
    lf.create_lf_tag(TagKey=unique, TagValues=["public", "internal"])
    principal = {"DataLakePrincipalIdentifier": f"arn:aws:iam::123456789012:role/{unique}"}
    tag_resource = {"LFTag": {"TagKey": unique, "TagValues": ["public"]}}
    policy_resource = {
        "LFTagPolicy": {"ResourceType": "TABLE", "Expression": [{"TagKey": unique, "TagValues": ["public"]}]}
    }
    lf.grant_permissions(Principal=principal, Resource=tag_resource, Permissions=["DESCRIBE"])
    lf.grant_permissions(Principal=principal, Resource=policy_resource, Permissions=["SELECT"])

    on_tag = lf.list_permissions(Principal=principal, Resource=tag_resource)["PrincipalResourcePermissions"]
    assert [p["Permissions"] for p in on_tag] == [["DESCRIBE"]]
    on_policy = lf.list_permissions(Resource=policy_resource)["PrincipalResourcePermissions"]
    assert [p["Permissions"] for p in on_policy] == [["SELECT"]]
    other = {"LFTag": {"TagKey": unique, "TagValues": ["internal"]}}
    assert lf.list_permissions(Resource=other)["PrincipalResourcePermissions"] == []


def test_lake_formation_untagged_resource_and_unknown_tag(client: Any, unique: str) -> None:
    lf = client("lakeformation")
    client("glue").create_database(DatabaseInput={"Name": unique})
    tags = lf.get_resource_lf_tags(Resource={"Database": {"Name": unique}})
    assert tags.get("LFTagOnDatabase", []) == []
    with pytest.raises(ClientError) as raised:
        lf.get_lf_tag(TagKey=unique + "-missing")
    assert raised.value.response["Error"]["Code"] == "EntityNotFoundException"
    lf.create_lf_tag(TagKey=unique, TagValues=["a"])
    assert lf.get_lf_tag(TagKey=unique)["TagValues"] == ["a"]


DEFINITION = {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}


def test_step_functions_validate_and_list_versions(client: Any, unique: str) -> None:
    sfn = client("stepfunctions")
    assert sfn.validate_state_machine_definition(definition=json.dumps(DEFINITION))["result"] == "OK"
    bad = sfn.validate_state_machine_definition(definition='{"StartAt": "X", "States": {}}')
    assert bad["result"] == "FAIL" and bad["diagnostics"][0]["severity"] == "ERROR"
    arn = sfn.create_state_machine(
        name=unique,
        definition=json.dumps(DEFINITION),
        roleArn="arn:aws:iam::123456789012:role/sfn",
        publish=True,
    )["stateMachineArn"]
    versions = sfn.list_state_machine_versions(stateMachineArn=arn)["stateMachineVersions"]
    assert [v["stateMachineVersionArn"] for v in versions] == [f"{arn}:1"]


def _monthly_budget(name: str) -> dict[str, Any]:
    return {
        "BudgetName": name,
        "BudgetLimit": {"Amount": "25", "Unit": "USD"},
        "TimeUnit": "MONTHLY",
        "BudgetType": "COST",
    }


def test_budgets_subscribers_tags_and_update(client: Any, unique: str) -> None:
    budgets = client("budgets")
    account = "123456789012"
    notification = {
        "NotificationType": "ACTUAL",
        "ComparisonOperator": "GREATER_THAN",
        "Threshold": 80.0,
        "ThresholdType": "PERCENTAGE",
    }
    subscriber = {"SubscriptionType": "EMAIL", "Address": "ops@example.com"}
    budgets.create_budget(
        AccountId=account,
        Budget=_monthly_budget(unique),
        NotificationsWithSubscribers=[{"Notification": notification, "Subscribers": [subscriber]}],
        ResourceTags=[{"Key": "project", "Value": "ctc"}],
    )
    arn = f"arn:aws:budgets::{account}:budget/{unique}"
    assert budgets.list_tags_for_resource(ResourceARN=arn)["ResourceTags"] == [
        {"Key": "project", "Value": "ctc"}
    ]
    budgets.tag_resource(ResourceARN=arn, ResourceTags=[{"Key": "env", "Value": "dev"}])
    budgets.untag_resource(ResourceARN=arn, ResourceTagKeys=["project"])
    assert budgets.list_tags_for_resource(ResourceARN=arn)["ResourceTags"] == [{"Key": "env", "Value": "dev"}]

    subs = budgets.describe_subscribers_for_notification(
        AccountId=account, BudgetName=unique, Notification=notification
    )["Subscribers"]
    assert subs == [subscriber]

    budgets.update_budget(
        AccountId=account,
        NewBudget={
            "BudgetName": unique,
            "BudgetLimit": {"Amount": "30", "Unit": "USD"},
            "TimeUnit": "MONTHLY",
            "BudgetType": "COST",
        },
    )
    limit = budgets.describe_budget(AccountId=account, BudgetName=unique)["Budget"]["BudgetLimit"]
    assert float(limit["Amount"]) == 30.0


def test_budget_notifications_are_unique_and_a_missing_one_cannot_be_deleted(
    client: Any, unique: str
) -> None:
    """A retried CreateNotification must not leave the same notification twice (AWS refuses it)."""
    budgets = client("budgets")
    account = "123456789012"
    budgets.create_budget(AccountId=account, Budget=_monthly_budget(unique))
    forecast = {
        "NotificationType": "FORECASTED",
        "ComparisonOperator": "GREATER_THAN",
        "Threshold": 100,
        "ThresholdType": "PERCENTAGE",
    }
    topic = [{"SubscriptionType": "SNS", "Address": "arn:aws:sns:us-east-1:123456789012:t"}]
    budgets.create_notification(
        AccountId=account, BudgetName=unique, Notification=forecast, Subscribers=topic
    )
    with pytest.raises(budgets.exceptions.DuplicateRecordException):
        budgets.create_notification(
            AccountId=account,
            BudgetName=unique,
            Notification=forecast | {"Threshold": 100.0, "NotificationState": "OK"},
            Subscribers=topic,
        )
    listed = budgets.describe_notifications_for_budget(AccountId=account, BudgetName=unique)["Notifications"]
    assert len(listed) == 1
    budgets.delete_notification(AccountId=account, BudgetName=unique, Notification=listed[0])
    with pytest.raises(budgets.exceptions.NotFoundException):
        budgets.delete_notification(AccountId=account, BudgetName=unique, Notification=forecast)
    assert (
        budgets.describe_notifications_for_budget(AccountId=account, BudgetName=unique)["Notifications"] == []
    )


def test_cost_explorer_anomaly_monitor_and_subscription(client: Any, unique: str) -> None:
    ce = client("ce")
    monitor_arn = ce.create_anomaly_monitor(
        AnomalyMonitor={"MonitorName": unique, "MonitorType": "DIMENSIONAL", "MonitorDimension": "SERVICE"},
        ResourceTags=[{"Key": "project", "Value": "ctc"}],
    )["MonitorArn"]
    monitors = ce.get_anomaly_monitors(MonitorArnList=[monitor_arn])["AnomalyMonitors"]
    assert monitors[0]["MonitorName"] == unique and monitors[0]["MonitorDimension"] == "SERVICE"
    sub_arn = ce.create_anomaly_subscription(
        AnomalySubscription={
            "SubscriptionName": unique,
            "MonitorArnList": [monitor_arn],
            "Subscribers": [{"Type": "EMAIL", "Address": "ops@example.com"}],
            "Frequency": "DAILY",
            "ThresholdExpression": {
                "Dimensions": {
                    "Key": "ANOMALY_TOTAL_IMPACT_ABSOLUTE",
                    "Values": ["10"],
                    "MatchOptions": ["GREATER_THAN_OR_EQUAL"],
                }
            },
        }
    )["SubscriptionArn"]
    ce.update_anomaly_subscription(SubscriptionArn=sub_arn, Frequency="WEEKLY")
    subs = ce.get_anomaly_subscriptions(SubscriptionArnList=[sub_arn])["AnomalySubscriptions"]
    assert subs[0]["Frequency"] == "WEEKLY" and subs[0]["MonitorArnList"] == [monitor_arn]
    assert ce.list_tags_for_resource(ResourceArn=monitor_arn)["ResourceTags"] == [
        {"Key": "project", "Value": "ctc"}
    ]
    ce.delete_anomaly_subscription(SubscriptionArn=sub_arn)
    ce.delete_anomaly_monitor(MonitorArn=monitor_arn)
    with pytest.raises(ClientError) as raised:
        ce.get_anomaly_monitors(MonitorArnList=[monitor_arn])
    assert raised.value.response["Error"]["Code"] == "UnknownMonitorException"


def test_kinesis_create_stream_keeps_tags(client: Any, unique: str) -> None:
    kinesis = client("kinesis")
    kinesis.create_stream(StreamName=unique, ShardCount=1, Tags={"project": "ctc"})
    tags = kinesis.list_tags_for_stream(StreamName=unique)["Tags"]
    assert tags == [{"Key": "project", "Value": "ctc"}]


def test_kinesis_sequence_indexed_reads_are_exact(client: Any, unique: str) -> None:
    """Records come back complete, in order, across pages and iterator types."""
    kinesis = client("kinesis")
    kinesis.create_stream(StreamName=unique, ShardCount=2)
    sent = [f"r{i}" for i in range(3000)]
    for start in range(0, len(sent), 500):
        batch = sent[start : start + 500]
        out = kinesis.put_records(
            StreamName=unique, Records=[{"Data": d.encode(), "PartitionKey": d} for d in batch]
        )
        assert out["FailedRecordCount"] == 0
    received: list[str] = []
    for shard in kinesis.list_shards(StreamName=unique)["Shards"]:
        seq_range = shard["SequenceNumberRange"]
        assert int(seq_range["StartingSequenceNumber"]) == 1
        iterator = kinesis.get_shard_iterator(
            StreamName=unique, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON"
        )["ShardIterator"]
        shard_records: list[dict[str, Any]] = []
        while True:
            page = kinesis.get_records(ShardIterator=iterator, Limit=700)
            shard_records += page["Records"]
            iterator = page["NextShardIterator"]
            if not page["Records"]:
                break
        seqs = [int(r["SequenceNumber"]) for r in shard_records]
        assert seqs == list(range(1, len(seqs) + 1))
        received += [r["Data"].decode() for r in shard_records]
        # AFTER_SEQUENCE_NUMBER resumes exactly after the given record
        middle = shard_records[len(shard_records) // 2]
        after = kinesis.get_shard_iterator(
            StreamName=unique,
            ShardId=shard["ShardId"],
            ShardIteratorType="AFTER_SEQUENCE_NUMBER",
            StartingSequenceNumber=middle["SequenceNumber"],
        )["ShardIterator"]
        first = kinesis.get_records(ShardIterator=after, Limit=1)["Records"][0]
        assert int(first["SequenceNumber"]) == int(middle["SequenceNumber"]) + 1
        # AT_TIMESTAMP before the first record starts at the beginning
        at = kinesis.get_shard_iterator(
            StreamName=unique,
            ShardId=shard["ShardId"],
            ShardIteratorType="AT_TIMESTAMP",
            Timestamp=shard_records[0]["ApproximateArrivalTimestamp"].timestamp() - 60,
        )["ShardIterator"]
        assert kinesis.get_records(ShardIterator=at, Limit=1)["Records"][0]["SequenceNumber"] == "1"
    assert sorted(received) == sorted(sent)


def test_s3_lifecycle_transition_minimum_size_is_kept(client: Any, unique: str) -> None:
    s3 = client("s3")
    s3.create_bucket(Bucket=unique)
    rule = {
        "ID": "archive",
        "Status": "Enabled",
        "Filter": {"Prefix": ""},
        "Transitions": [{"Days": 30, "StorageClass": "STANDARD_IA"}],
    }
    s3.put_bucket_lifecycle_configuration(
        Bucket=unique,
        LifecycleConfiguration={"Rules": [rule]},
        TransitionDefaultMinimumObjectSize="varies_by_storage_class",
    )
    got = s3.get_bucket_lifecycle_configuration(Bucket=unique)
    assert got["TransitionDefaultMinimumObjectSize"] == "varies_by_storage_class"
    assert got["Rules"][0]["Transitions"][0]["Days"] == 30
    s3.put_bucket_lifecycle_configuration(Bucket=unique, LifecycleConfiguration={"Rules": [rule]})
    got = s3.get_bucket_lifecycle_configuration(Bucket=unique)
    assert got["TransitionDefaultMinimumObjectSize"] == "all_storage_classes_128K"


def _lambda_zip() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("handler.py", "def handler(event, context):\n    return event\n")
    return buffer.getvalue()


def test_lambda_keeps_dead_letter_and_tracing_config(client: Any, unique: str) -> None:
    lam = client("lambda")
    role = client("iam").create_role(RoleName=unique, AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    dlq = f"arn:aws:sqs:us-east-1:123456789012:{unique}-dlq"
    lam.create_function(
        FunctionName=unique,
        Runtime="python3.12",
        Role=role,
        Handler="handler.handler",
        Code={"ZipFile": _lambda_zip()},
        DeadLetterConfig={"TargetArn": dlq},
    )
    assert lam.get_function(FunctionName=unique)["Configuration"]["DeadLetterConfig"] == {"TargetArn": dlq}
    other = dlq + "-2"
    lam.update_function_configuration(
        FunctionName=unique, DeadLetterConfig={"TargetArn": other}, TracingConfig={"Mode": "Active"}
    )
    config = lam.get_function_configuration(FunctionName=unique)
    assert config["DeadLetterConfig"] == {"TargetArn": other}
    assert config["TracingConfig"] == {"Mode": "Active"}
    lam.update_function_code(FunctionName=unique, ZipFile=_lambda_zip(), Architectures=["arm64"])
    assert lam.get_function(FunctionName=unique)["Configuration"]["Architectures"] == ["arm64"]


def test_emr_serverless_list_job_runs_before_any_run(client: Any, unique: str) -> None:
    emr = client("emr-serverless")
    app_id = emr.create_application(name=unique, releaseLabel="emr-7.1.0", type="SPARK")["applicationId"]
    assert emr.list_job_runs(applicationId=app_id)["jobRuns"] == []


def test_ecs_fargate_task_with_task_level_memory_runs(client: Any, unique: str) -> None:
    ecs = client("ecs")
    ecs.create_cluster(clusterName=unique)
    ecs.register_task_definition(
        family=unique,
        requiresCompatibilities=["FARGATE"],
        networkMode="awsvpc",
        cpu="256",
        memory="512",
        containerDefinitions=[{"name": "producer", "image": "producer:latest", "essential": True}],
    )
    ec2 = client("ec2")
    subnet = ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"][0]
    group = ec2.describe_security_groups(GroupNames=["default"])["SecurityGroups"][0]["GroupId"]
    tasks = ecs.run_task(
        cluster=unique,
        taskDefinition=unique,
        launchType="FARGATE",
        networkConfiguration={
            "awsvpcConfiguration": {"subnets": [subnet["SubnetId"]], "securityGroups": [group]}
        },
    )["tasks"]
    assert len(tasks) == 1
    stored = ecs.describe_task_definition(taskDefinition=unique)["taskDefinition"]
    assert "memory" not in stored["containerDefinitions"][0]  # the stored definition stays as declared


def test_dynamodb_update_table_switches_encryption(client: Any, unique: str) -> None:
    ddb = client("dynamodb")
    ddb.create_table(
        TableName=unique,
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        SSESpecification={"Enabled": True},
    )
    assert ddb.describe_table(TableName=unique)["Table"]["SSEDescription"]["SSEType"] == "KMS"
    ddb.update_table(TableName=unique, SSESpecification={"Enabled": False})  # AWS owned key
    assert "SSEDescription" not in ddb.describe_table(TableName=unique)["Table"]
    ddb.update_table(TableName=unique, SSESpecification={"Enabled": True, "SSEType": "KMS"})
    sse = ddb.describe_table(TableName=unique)["Table"]["SSEDescription"]
    assert (sse["Status"], sse["SSEType"]) == ("ENABLED", "KMS")
    assert sse["KMSMasterKeyArn"].startswith("arn:aws:kms:")
    ddb.delete_table(TableName=unique)


def test_wafv2_list_resources_for_web_acl_by_resource_type(client: Any, unique: str) -> None:
    waf, visibility = client("wafv2"), {"SampledRequestsEnabled": False, "CloudWatchMetricsEnabled": False}
    acl = waf.create_web_acl(
        Name=unique,
        Scope="REGIONAL",
        DefaultAction={"Allow": {}},
        VisibilityConfig={**visibility, "MetricName": unique},
    )["Summary"]
    stage = "arn:aws:apigateway:us-east-1::/restapis/abc123/stages/v1"
    alb = f"arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/{unique}/50dc6c495c0c9188"
    for arn in (stage, alb):
        waf.associate_web_acl(WebACLArn=acl["ARN"], ResourceArn=arn)

    def listed(**kwargs: str) -> list[str]:
        return list(waf.list_resources_for_web_acl(WebACLArn=acl["ARN"], **kwargs)["ResourceArns"])

    assert listed(ResourceType="API_GATEWAY") == [stage]
    assert listed() == [alb]  # AWS's default type is APPLICATION_LOAD_BALANCER
    waf.disassociate_web_acl(ResourceArn=stage)
    assert listed(ResourceType="API_GATEWAY") == []
    with pytest.raises(ClientError) as raised:
        waf.list_resources_for_web_acl(WebACLArn=acl["ARN"] + "x", ResourceType="API_GATEWAY")
    assert raised.value.response["Error"]["Code"] == "WAFNonexistentItemException"


def test_sqs_set_queue_attributes_keeps_the_policy_it_was_not_given(client: Any, unique: str) -> None:
    sqs = client("sqs")
    url = sqs.create_queue(QueueName=unique)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    deny = {
        "Effect": "Deny",
        "Principal": "*",
        "Action": "sqs:*",
        "Resource": arn,
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }
    policy = json.dumps({"Version": "2012-10-17", "Statement": [deny]})
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": policy})

    def current() -> dict[str, str]:
        got: dict[str, str] = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
        return got

    sqs.set_queue_attributes(
        QueueUrl=url, Attributes={"SqsManagedSseEnabled": "false", "VisibilityTimeout": "45"}
    )
    assert json.loads(current()["Policy"])["Statement"] == [deny]
    assert current()["VisibilityTimeout"] == "45"
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": ""})  # an empty Policy removes it
    assert "Policy" not in current()


def test_apigateway_put_integration_keeps_cache_key_parameters(client: Any, unique: str) -> None:
    apigw = client("apigateway")
    api = apigw.create_rest_api(name=unique)["id"]
    root = apigw.get_resources(restApiId=api)["items"][0]["id"]
    resource = apigw.create_resource(restApiId=api, parentId=root, pathPart="{symbol}")["id"]
    param = "method.request.path.symbol"
    apigw.put_method(
        restApiId=api,
        resourceId=resource,
        httpMethod="GET",
        authorizationType="NONE",
        requestParameters={param: True},
    )
    put = apigw.put_integration(
        restApiId=api,
        resourceId=resource,
        httpMethod="GET",
        type="MOCK",
        cacheKeyParameters=[param],
    )
    got = apigw.get_integration(restApiId=api, resourceId=resource, httpMethod="GET")
    assert put["cacheKeyParameters"] == got["cacheKeyParameters"] == [param]


@pytest.mark.parametrize("written", ["~1metrics~1{symbol}/GET", "metrics/{symbol}/GET"])
def test_apigateway_method_settings_of_a_nested_resource_path(client: Any, unique: str, written: str) -> None:
    apigw = client("apigateway")
    api = apigw.create_rest_api(name=unique)["id"]
    root = apigw.get_resources(restApiId=api)["items"][0]["id"]
    apigw.put_method(restApiId=api, resourceId=root, httpMethod="GET", authorizationType="NONE")
    apigw.put_integration(restApiId=api, resourceId=root, httpMethod="GET", type="MOCK")
    deployment = apigw.create_deployment(restApiId=api)["id"]
    apigw.create_stage(restApiId=api, stageName="v1", deploymentId=deployment)
    apigw.update_stage(
        restApiId=api,
        stageName="v1",
        patchOperations=[
            {"op": "replace", "path": f"/{written}/caching/enabled", "value": "true"},
            {"op": "replace", "path": f"/{written}/caching/ttlInSeconds", "value": "10"},
            {"op": "replace", "path": "/*/*/metrics/enabled", "value": "true"},
        ],
    )
    settings = apigw.get_stage(restApiId=api, stageName="v1")["methodSettings"]
    assert settings["metrics/{symbol}/GET"]["cachingEnabled"] is True
    assert settings["metrics/{symbol}/GET"]["cacheTtlInSeconds"] == 10
    assert settings["*/*"]["metricsEnabled"] is True
    # what the Terraform provider sends when aws_api_gateway_method_settings is destroyed
    apigw.update_stage(
        restApiId=api, stageName="v1", patchOperations=[{"op": "remove", "path": f"/{written}"}]
    )
    assert set(apigw.get_stage(restApiId=api, stageName="v1")["methodSettings"]) == {"*/*"}


def test_logs_put_metric_filter_updates_the_filter_of_that_name(client: Any, unique: str) -> None:
    logs = client("logs")
    logs.create_log_group(logGroupName=f"/{unique}/a")
    logs.create_log_group(logGroupName=f"/{unique}/b")
    metric = [{"metricName": "Errors", "metricNamespace": unique, "metricValue": "1"}]
    for group in (f"/{unique}/a", f"/{unique}/b"):
        logs.put_metric_filter(
            logGroupName=group,
            filterName="errors",
            filterPattern='{ $.level = "ERROR" }',
            metricTransformations=metric,
        )
    logs.put_metric_filter(
        logGroupName=f"/{unique}/a", filterName="errors", filterPattern="ERROR", metricTransformations=metric
    )
    found = {
        g: [f["filterPattern"] for f in logs.describe_metric_filters(logGroupName=g)["metricFilters"]]
        for g in (f"/{unique}/a", f"/{unique}/b")
    }
    assert found == {f"/{unique}/a": ["ERROR"], f"/{unique}/b": ['{ $.level = "ERROR" }']}


def test_cloudtrail_trail_without_selectors_reports_the_default_selector(client: Any, unique: str) -> None:
    s3, trails = client("s3"), client("cloudtrail")
    s3.create_bucket(Bucket=f"{unique}-trail")
    trails.create_trail(Name=f"{unique}-default", S3BucketName=f"{unique}-trail")
    trails.create_trail(Name=f"{unique}-writes", S3BucketName=f"{unique}-trail")
    writes = [{"ReadWriteType": "WriteOnly", "IncludeManagementEvents": True, "DataResources": []}]
    trails.put_event_selectors(TrailName=f"{unique}-writes", EventSelectors=writes)
    default = trails.get_event_selectors(TrailName=f"{unique}-default")["EventSelectors"]
    assert [(s["ReadWriteType"], s["IncludeManagementEvents"]) for s in default] == [("All", True)]
    chosen = trails.get_event_selectors(TrailName=f"{unique}-writes")["EventSelectors"]
    assert [(s["ReadWriteType"], s["IncludeManagementEvents"]) for s in chosen] == [("WriteOnly", True)]
