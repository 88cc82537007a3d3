"""Misconfigurations of the deployed platform's storage and configuration: S3 buckets, Kinesis
retention, the DynamoDB alerts table, the KMS key, Glue tables, the alarms topic and queues, SSM
parameters (see conftest ``Flip``)."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

Change = Callable[[Any, Any], Any]
Undo = Callable[[Any, Any, Any], None]


# -- S3 -----------------------------------------------------------------------------------------
def _lifecycle_get(aws: Any, bucket: str) -> dict[str, Any]:
    """The bucket's lifecycle as PutBucketLifecycleConfiguration takes it back."""
    got = aws("s3").get_bucket_lifecycle_configuration(Bucket=bucket)
    kept = {"LifecycleConfiguration": {"Rules": got["Rules"]}}
    if got.get("TransitionDefaultMinimumObjectSize"):
        kept["TransitionDefaultMinimumObjectSize"] = got["TransitionDefaultMinimumObjectSize"]
    return kept


def _lifecycle_put(aws: Any, bucket: str, saved: dict[str, Any]) -> None:
    aws("s3").put_bucket_lifecycle_configuration(Bucket=bucket, **saved)


def _lifecycle_edit(
    bucket: Callable[[Any], str], edit: Callable[[list[Any]], list[Any]]
) -> tuple[Change, Undo]:
    """(change, undo) that rewrite one bucket's lifecycle rules with ``edit`` and put them back."""

    def change(aws: Any, n: Any) -> Any:
        saved = _lifecycle_get(aws, bucket(n))
        broken = copy.deepcopy(saved)
        broken["LifecycleConfiguration"]["Rules"] = edit(broken["LifecycleConfiguration"]["Rules"])
        _lifecycle_put(aws, bucket(n), broken)
        return saved

    def undo(aws: Any, n: Any, saved: Any) -> None:
        _lifecycle_put(aws, bucket(n), saved)

    return change, undo


def _without_multipart_abort(rules: list[Any]) -> list[Any]:
    return [{k: v for k, v in r.items() if k != "AbortIncompleteMultipartUpload"} for r in rules]


def _dlq_kept_30_days(rules: list[Any]) -> list[Any]:
    for r in rules:
        if (r.get("Filter") or {}).get("Prefix") == "dlq/":
            r["Expiration"] = {"Days": 30}
    return rules


def _without_intelligent_tiering(rules: list[Any]) -> list[Any]:
    for r in rules:
        kept = [t for t in r.get("Transitions") or () if t.get("StorageClass") != "INTELLIGENT_TIERING"]
        r.pop("Transitions", None)
        if kept:
            r["Transitions"] = kept
    return rules


def _one_zone_ia(rules: list[Any]) -> list[Any]:
    for r in rules:
        for t in r.get("Transitions") or ():
            t["StorageClass"] = "ONEZONE_IA"
    return rules


def _lifecycle_deleted(aws: Any, n: Any) -> Any:
    saved = _lifecycle_get(aws, n.checkpoint)
    aws("s3").delete_bucket_lifecycle(Bucket=n.checkpoint)
    return saved


def _lifecycle_put_back(aws: Any, n: Any, saved: Any) -> None:
    _lifecycle_put(aws, n.checkpoint, saved)


def _bucket_key_off(aws: Any, n: Any) -> Any:
    s3 = aws("s3")
    saved = s3.get_bucket_encryption(Bucket=n.athena_results)["ServerSideEncryptionConfiguration"]
    broken = copy.deepcopy(saved)
    for rule in broken["Rules"]:
        rule["BucketKeyEnabled"] = False
    s3.put_bucket_encryption(Bucket=n.athena_results, ServerSideEncryptionConfiguration=broken)
    return saved


def _bucket_key_restore(aws: Any, n: Any, saved: Any) -> None:
    aws("s3").put_bucket_encryption(Bucket=n.athena_results, ServerSideEncryptionConfiguration=saved)


def _acls_enabled(aws: Any, n: Any) -> Any:
    saved = aws("s3").get_bucket_ownership_controls(Bucket=n.processed)["OwnershipControls"]
    aws("s3").put_bucket_ownership_controls(
        Bucket=n.processed, OwnershipControls={"Rules": [{"ObjectOwnership": "ObjectWriter"}]}
    )
    return saved


def _acls_disabled(aws: Any, n: Any, saved: Any) -> None:
    aws("s3").put_bucket_ownership_controls(Bucket=n.processed, OwnershipControls=saved)


def _tls_policy_deleted(aws: Any, n: Any) -> Any:
    saved = aws("s3").get_bucket_policy(Bucket=n.raw)["Policy"]
    aws("s3").delete_bucket_policy(Bucket=n.raw)
    return saved


def _tls_policy_restored(aws: Any, n: Any, saved: Any) -> None:
    aws("s3").put_bucket_policy(Bucket=n.raw, Policy=saved)


# -- Kinesis ------------------------------------------------------------------------------------
def _retention_week(aws: Any, n: Any) -> Any:
    k = aws("kinesis")
    saved = k.describe_stream_summary(StreamName=n.trades)["StreamDescriptionSummary"]["RetentionPeriodHours"]
    k.increase_stream_retention_period(StreamName=n.trades, RetentionPeriodHours=168)
    return saved


def _retention_restore(aws: Any, n: Any, saved: Any) -> None:
    aws("kinesis").decrease_stream_retention_period(StreamName=n.trades, RetentionPeriodHours=saved)


# -- DynamoDB -----------------------------------------------------------------------------------
def _deletion_protection(enabled: bool) -> Callable[..., None]:
    def apply(aws: Any, n: Any, *_: Any) -> None:
        aws("dynamodb").update_table(TableName=n.table, DeletionProtectionEnabled=enabled)

    return apply


def _pitr(enabled: bool) -> Callable[..., None]:
    def apply(aws: Any, n: Any, *_: Any) -> None:
        aws("dynamodb").update_continuous_backups(
            TableName=n.table, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": enabled}
        )

    return apply


def _sse_owned_key(aws: Any, n: Any) -> Any:
    ddb = aws("dynamodb")
    saved = ddb.describe_table(TableName=n.table)["Table"]["SSEDescription"]
    ddb.update_table(TableName=n.table, SSESpecification={"Enabled": False})
    return saved


def _sse_restore(aws: Any, n: Any, saved: Any) -> None:
    spec: dict[str, Any] = {"Enabled": True, "SSEType": saved.get("SSEType", "KMS")}
    if saved.get("KMSMasterKeyArn") and not saved["KMSMasterKeyArn"].endswith("alias/aws/dynamodb"):
        spec["KMSMasterKeyId"] = saved["KMSMasterKeyArn"]
    aws("dynamodb").update_table(TableName=n.table, SSESpecification=spec)


_GSI = "symbol-time-index"


def _gsi_dropped(aws: Any, n: Any) -> Any:
    ddb = aws("dynamodb")
    table = ddb.describe_table(TableName=n.table)["Table"]
    index = next(g for g in table["GlobalSecondaryIndexes"] if g["IndexName"] == _GSI)
    ddb.update_table(TableName=n.table, GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": _GSI}}])
    return {"index": index, "attributes": table["AttributeDefinitions"]}


def _gsi_recreated(aws: Any, n: Any, saved: Any) -> None:
    index = saved["index"]
    create = {k: index[k] for k in ("IndexName", "KeySchema", "Projection")}
    aws("dynamodb").update_table(
        TableName=n.table,
        AttributeDefinitions=saved["attributes"],
        GlobalSecondaryIndexUpdates=[{"Create": create}],
    )


def _table_snapshot(ddb: Any, name: str) -> dict[str, Any]:
    """What recreating the table as deployed needs: description, TTL, PITR, tags and items."""
    table = ddb.describe_table(TableName=name)["Table"]
    backups = ddb.describe_continuous_backups(TableName=name)["ContinuousBackupsDescription"]
    items = [i for page in ddb.get_paginator("scan").paginate(TableName=name) for i in page["Items"]]
    return {
        "table": table,
        "ttl": ddb.describe_time_to_live(TableName=name)["TimeToLiveDescription"],
        "pitr": backups["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "ENABLED",
        "tags": ddb.list_tags_of_resource(ResourceArn=table["TableArn"]).get("Tags", []),
        "items": items,
    }


def _table_recreated(ddb: Any, name: str, **create: Any) -> None:
    ddb.delete_table(TableName=name)
    ddb.get_waiter("table_not_exists").wait(TableName=name, WaiterConfig={"Delay": 1})
    ddb.create_table(TableName=name, **create)
    ddb.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 1})


def _rekeyed_on_symbol(aws: Any, n: Any) -> Any:
    """Key schemas are immutable: the misconfiguration is a table re-created keyed on the symbol,
    so two alerts of one symbol at the same instant overwrite each other and a replay cannot be
    recognised."""
    ddb = aws("dynamodb")
    saved = _table_snapshot(ddb, n.table)
    _table_recreated(
        ddb,
        n.table,
        KeySchema=[
            {"AttributeName": "symbol", "KeyType": "HASH"},
            {"AttributeName": "detected_at", "KeyType": "RANGE"},
        ],
        AttributeDefinitions=[
            {"AttributeName": "symbol", "AttributeType": "S"},
            {"AttributeName": "detected_at", "AttributeType": "S"},
        ],
        BillingMode="PAY_PER_REQUEST",
        **({"Tags": saved["tags"]} if saved["tags"] else {}),
    )
    return saved


def _throughput(described: dict[str, Any]) -> dict[str, Any]:
    return {k: described["ProvisionedThroughput"][k] for k in ("ReadCapacityUnits", "WriteCapacityUnits")}


def _index(g: dict[str, Any], provisioned: bool) -> dict[str, Any]:
    out = {k: g[k] for k in ("IndexName", "KeySchema", "Projection")}
    if provisioned:
        out["ProvisionedThroughput"] = _throughput(g)
    return out


def _recreated_as_deployed(aws: Any, n: Any, saved: Any) -> None:
    ddb, t = aws("dynamodb"), saved["table"]
    mode = (t.get("BillingModeSummary") or {}).get("BillingMode", "PROVISIONED")
    provisioned = mode == "PROVISIONED"
    create: dict[str, Any] = {
        "KeySchema": t["KeySchema"],
        "AttributeDefinitions": t["AttributeDefinitions"],
        "BillingMode": mode,
        "DeletionProtectionEnabled": bool(t.get("DeletionProtectionEnabled")),
    }
    if provisioned:
        create["ProvisionedThroughput"] = _throughput(t)
    for key in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes"):
        if t.get(key):
            create[key] = [_index(g, provisioned and key.startswith("Global")) for g in t[key]]
    if t.get("SSEDescription"):
        sse = t["SSEDescription"]
        create["SSESpecification"] = {"Enabled": True, "SSEType": sse.get("SSEType", "KMS")}
        if sse.get("KMSMasterKeyArn"):
            create["SSESpecification"]["KMSMasterKeyId"] = sse["KMSMasterKeyArn"]
    if (t.get("StreamSpecification") or {}).get("StreamEnabled"):
        create["StreamSpecification"] = t["StreamSpecification"]
    if t.get("TableClassSummary"):
        create["TableClass"] = t["TableClassSummary"]["TableClass"]
    if saved["tags"]:
        create["Tags"] = saved["tags"]
    _table_recreated(ddb, n.table, **create)
    ttl = saved["ttl"]
    if ttl.get("TimeToLiveStatus") in ("ENABLED", "ENABLING"):
        ddb.update_time_to_live(
            TableName=n.table,
            TimeToLiveSpecification={"Enabled": True, "AttributeName": ttl["AttributeName"]},
        )
    if saved["pitr"]:
        _pitr(True)(aws, n)
    items = saved["items"]
    for start in range(0, len(items), 25):
        pending = {n.table: [{"PutRequest": {"Item": i}} for i in items[start : start + 25]]}
        while pending:
            pending = ddb.batch_write_item(RequestItems=pending).get("UnprocessedItems") or {}


# -- KMS ----------------------------------------------------------------------------------------
def _observability_key(aws: Any, n: Any) -> str:
    aliases = aws("kms").list_aliases()["Aliases"]
    return str(next(a["TargetKeyId"] for a in aliases if a["AliasName"] == _key_alias(n)))


def _key_alias(n: Any) -> str:
    return f"alias/{n.table.removesuffix('-alerts')}-observability"


def _rotation(enabled: bool) -> Callable[..., None]:
    def apply(aws: Any, n: Any, *_: Any) -> None:
        key = _observability_key(aws, n)
        (aws("kms").enable_key_rotation if enabled else aws("kms").disable_key_rotation)(KeyId=key)

    return apply


# -- SNS / SQS ----------------------------------------------------------------------------------
def _alarm_topic(aws: Any, n: Any) -> str:
    return str(n.outputs["sns_topic_arn"])


def _topic_name(n: Any) -> str:
    return str(n.outputs["sns_topic_arn"]).rsplit(":", 1)[-1]


def _oncall_topic_name(n: Any) -> str:
    return f"{_topic_name(n)}-oncall"  # named like the platform's resources: inside the review scope


def _oncall_topic_created(aws: Any, n: Any) -> Any:
    """A second, encrypted notification topic; no alarm publishes to it yet."""
    sns = aws("sns")
    key = sns.get_topic_attributes(TopicArn=_alarm_topic(aws, n))["Attributes"].get("KmsMasterKeyId")
    return sns.create_topic(Name=_oncall_topic_name(n), Attributes={"KmsMasterKeyId": key} if key else {})[
        "TopicArn"
    ]


def _oncall_topic_deleted(aws: Any, n: Any, arn: Any) -> None:
    aws("sns").delete_topic(TopicArn=arn)


def _topic_opened_to_everyone(aws: Any, n: Any) -> Any:
    """The alarms topic's policy lets anyone publish (no condition): what Prowler reports as public."""
    topic = _alarm_topic(aws, n)
    sns = aws("sns")
    saved = sns.get_topic_attributes(TopicArn=topic)["Attributes"].get("Policy", "")
    public = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sns:Publish", "Resource": topic}
        ],
    }
    sns.set_topic_attributes(TopicArn=topic, AttributeName="Policy", AttributeValue=json.dumps(public))
    return saved


def _topic_policy_restored(aws: Any, n: Any, saved: Any) -> None:
    aws("sns").set_topic_attributes(
        TopicArn=_alarm_topic(aws, n), AttributeName="Policy", AttributeValue=saved
    )


def _repointed(actions: Any, aws: Any, n: Any) -> list[str]:
    """The billing alarm's actions re-pointed from the subscribed alarms topic to the new topic,
    which has no subscriber: the alarm notifies nobody."""
    topic = _alarm_topic(aws, n)
    return [f"{topic}-oncall" if a == topic else a for a in actions]  # the ARN the setup created


def _topic_key_removed(aws: Any, n: Any) -> Any:
    topic = _alarm_topic(aws, n)
    saved = aws("sns").get_topic_attributes(TopicArn=topic)["Attributes"]["KmsMasterKeyId"]
    aws("sns").set_topic_attributes(TopicArn=topic, AttributeName="KmsMasterKeyId", AttributeValue="")
    return saved


def _topic_key_restored(aws: Any, n: Any, saved: Any) -> None:
    aws("sns").set_topic_attributes(
        TopicArn=_alarm_topic(aws, n), AttributeName="KmsMasterKeyId", AttributeValue=saved
    )


def _lambda_dlq(n: Any) -> str:
    return f"{n.table.removesuffix('-alerts')}-lambda-dlq"


def _queue_sse_off(aws: Any, n: Any) -> Any:
    sqs = aws("sqs")
    url = sqs.get_queue_url(QueueName=_lambda_dlq(n))["QueueUrl"]
    saved = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["SqsManagedSseEnabled"])["Attributes"]
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"SqsManagedSseEnabled": "false"})
    return saved


def _queue_sse_restored(aws: Any, n: Any, saved: Any) -> None:
    sqs = aws("sqs")
    sqs.set_queue_attributes(
        QueueUrl=sqs.get_queue_url(QueueName=_lambda_dlq(n))["QueueUrl"], Attributes=saved
    )


_DISCOVERY_PARAMETER = "glue/database-name"


# -- SSM ----------------------------------------------------------------------------------------
def _ssm_path(n: Any) -> str:
    """/<project>/<environment>/ — the folder of the platform's runtime parameters."""
    name = str(n.outputs["ssm_parameter_names"][_DISCOVERY_PARAMETER])
    return name.removesuffix(_DISCOVERY_PARAMETER)


def _plaintext_secret_name(n: Any) -> str:
    return f"{_ssm_path(n)}exchange/api-key"


def _plaintext_secret_put(aws: Any, n: Any) -> None:
    aws("ssm").put_parameter(
        Name=_plaintext_secret_name(n), Value="not-a-real-key", Type="String", Description="review test"
    )


def _plaintext_secret_deleted(aws: Any, n: Any, _: Any) -> None:
    aws("ssm").delete_parameter(Name=_plaintext_secret_name(n))


def _runtime_parameter_deleted(aws: Any, n: Any) -> Any:
    ssm, name = aws("ssm"), _ssm_path(n) + _DISCOVERY_PARAMETER
    value = ssm.get_parameter(Name=name)["Parameter"]
    meta = ssm.describe_parameters(ParameterFilters=[{"Key": "Name", "Values": [name]}])["Parameters"][0]
    tags = ssm.list_tags_for_resource(ResourceType="Parameter", ResourceId=name)["TagList"]
    ssm.delete_parameter(Name=name)
    saved = {
        "Name": name,
        "Value": value["Value"],
        "Type": value["Type"],
        "Tier": meta.get("Tier", "Standard"),
        "DataType": value.get("DataType", "text"),
    }
    if meta.get("Description"):
        saved["Description"] = meta["Description"]
    return {"parameter": saved, "tags": tags}


def _runtime_parameter_restored(aws: Any, n: Any, saved: Any) -> None:
    ssm, name = aws("ssm"), saved["parameter"]["Name"]
    ssm.put_parameter(**saved["parameter"])
    if saved["tags"]:
        ssm.add_tags_to_resource(ResourceType="Parameter", ResourceId=name, Tags=saved["tags"])


# -- Glue (Iceberg tables are created by the jobs through pyiceberg, none ship with the platform) --
_TABLE = "raw_trades"


def _database(n: Any) -> str:
    return str(n.outputs["glue_database_name"])


def _iceberg_table_created(aws: Any, n: Any) -> Any:
    """raw_trades registered by the jobs' own pyiceberg Glue catalog (metadata on S3); a table
    someone else created is left as it is (returns None: nothing to tear down)."""
    from coattail.jobs.sinks.iceberg import CatalogSettings, ensure_table, open_catalog
    from coattail.jobs.sinks.tables import RAW_TRADES

    if _TABLE in {t["Name"] for t in aws("glue").get_tables(DatabaseName=_database(n))["TableList"]}:
        return None
    settings = CatalogSettings(
        kind="glue",
        namespace=_database(n),
        warehouse=f"s3://{n.processed}/warehouse",
        endpoint_url=aws("glue").meta.endpoint_url,
    )
    return ensure_table(open_catalog(settings), _database(n), RAW_TRADES).location()


def _iceberg_table_dropped(aws: Any, n: Any, location: Any) -> None:
    """Drop the Glue entry and every version of the metadata files the setup wrote."""
    if location is None:
        return
    aws("glue").delete_table(DatabaseName=_database(n), Name=_TABLE)
    s3, prefix = aws("s3"), str(location).removeprefix(f"s3://{n.processed}/").rstrip("/") + "/"
    for page in s3.get_paginator("list_object_versions").paginate(Bucket=n.processed, Prefix=prefix):
        doomed = [
            {"Key": v["Key"], "VersionId": v["VersionId"]}
            for v in page.get("Versions", []) + page.get("DeleteMarkers", [])
        ]
        if doomed:
            s3.delete_objects(Bucket=n.processed, Delete={"Objects": doomed, "Quiet": True})


_TABLE_INPUT_KEYS = ("Name", "Description", "TableType", "Parameters", "StorageDescriptor", "PartitionKeys")


def _table_rewritten(edit: Callable[[dict[str, Any]], dict[str, Any]], name: str = _TABLE) -> Change:
    """A change that rewrites the Glue entry of table ``name`` (returns the entry it replaced)."""

    def change(aws: Any, n: Any) -> Any:
        glue = aws("glue")
        table = glue.get_table(DatabaseName=_database(n), Name=name)["Table"]
        saved = {k: table[k] for k in _TABLE_INPUT_KEYS if k in table}
        glue.update_table(DatabaseName=_database(n), TableInput=edit(copy.deepcopy(saved)))
        return saved

    return change


def _table_restored(aws: Any, n: Any, saved: Any) -> None:
    aws("glue").update_table(DatabaseName=_database(n), TableInput=saved)


def _as_hive_parquet(table: dict[str, Any]) -> dict[str, Any]:
    """Re-registered as a plain Hive table over Parquet files (no Iceberg metadata)."""
    table["Parameters"] = {"classification": "parquet", "EXTERNAL": "TRUE"}
    table["StorageDescriptor"].update(
        InputFormat="org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
        OutputFormat="org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
        SerdeInfo={"SerializationLibrary": "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"},
    )
    return table


def _as_json_lines(table: dict[str, Any]) -> dict[str, Any]:
    """Re-registered as a Hive table over the raw JSON lines."""
    table["Parameters"] = {"classification": "json", "EXTERNAL": "TRUE"}
    table["StorageDescriptor"].update(
        InputFormat="org.apache.hadoop.mapred.TextInputFormat",
        OutputFormat="org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
        SerdeInfo={"SerializationLibrary": "org.openx.data.jsonserde.JsonSerDe"},
    )
    return table


_DRILL_TABLE = "recovery_drill"  # recorded by the deployment's recovery drill (coattail.jobs.recovery)


def _drill_recorded_failed(table: dict[str, Any]) -> dict[str, Any]:
    """The last drill recorded as one whose rollback did not verify."""
    table["Parameters"] = {**table["Parameters"], "ctc.recovery-drill.result": "failed"}
    return table


def _glue_table_arn(n: Any) -> str:
    return f"table/{_database(n)}/{_TABLE}"


def flips(h: Any) -> dict[str, Any]:
    multipart = _lifecycle_edit(lambda n: n.checkpoint, _without_multipart_abort)
    dlq_expiry = _lifecycle_edit(lambda n: n.raw, _dlq_kept_30_days)
    one_zone = _lifecycle_edit(lambda n: n.raw, _one_zone_ia)
    untiered = _lifecycle_edit(lambda n: n.processed, _without_intelligent_tiering)
    return {
        "sns-topic-open-to-everyone": h.Flip(
            "resource_policy_not_public",
            _topic_name,
            _topic_opened_to_everyone,
            _topic_policy_restored,
            services=("sns",),
        ),
        "s3-multipart-uploads-never-aborted": h.Flip(
            "s3_abort_incomplete_multipart", lambda n: n.checkpoint, *multipart
        ),
        "s3-bucket-key-disabled": h.Flip(
            "s3_bucket_key_enabled", lambda n: n.athena_results, _bucket_key_off, _bucket_key_restore
        ),
        "s3-acls-enabled-object-writer": h.Flip(
            "s3_bucket_ownership_enforced", lambda n: n.processed, _acls_enabled, _acls_disabled
        ),
        "s3-dlq-prefix-kept-30-days": h.Flip("s3_dlq_prefix_expiry", lambda n: n.raw, *dlq_expiry),
        "s3-checkpoint-lifecycle-deleted": h.Flip(
            "s3_lifecycle_configured", lambda n: n.checkpoint, _lifecycle_deleted, _lifecycle_put_back
        ),
        "s3-tls-only-policy-deleted": h.Flip(
            "s3_tls_only_policy", lambda n: n.raw, _tls_policy_deleted, _tls_policy_restored
        ),
        "s3-processed-not-intelligent-tiering": h.Flip(
            "s3_intelligent_tiering", lambda n: n.processed, *untiered
        ),
        "s3-raw-tiered-to-one-zone-ia": h.Flip(
            "storage_multi_az", lambda n: n.raw, *one_zone, services=("s3",)
        ),
        "kinesis-trades-retention-7-days": h.Flip(
            "kinesis_retention_bounded", lambda n: n.trades, _retention_week, _retention_restore
        ),
        "dynamodb-deletion-protection-enabled": h.Flip(
            "dynamodb_deletion_protection",
            lambda n: n.table,
            _deletion_protection(True),
            _deletion_protection(False),
            deployed="broken",
        ),
        "dynamodb-pitr-enabled": h.Flip(
            "dynamodb_pitr_enabled", lambda n: n.table, _pitr(True), _pitr(False), deployed="broken"
        ),
        "dynamodb-symbol-index-dropped": h.Flip(
            "dynamodb_gsi_access_patterns", lambda n: n.table, _gsi_dropped, _gsi_recreated
        ),
        "dynamodb-sse-owned-key": h.Flip(
            "dynamodb_sse_enabled", lambda n: n.table, _sse_owned_key, _sse_restore
        ),
        "dynamodb-alerts-rekeyed-on-symbol": h.Flip(
            "dynamodb_idempotent_key", lambda n: n.table, _rekeyed_on_symbol, _recreated_as_deployed
        ),
        "kms-observability-key-rotation-off": h.Flip(
            "kms_key_rotation", _key_alias, _rotation(False), _rotation(True)
        ),
        "sns-billing-alarm-to-unsubscribed-topic": h.Flip(
            "sns_alarm_topic_subscribed",
            _oncall_topic_name,
            h.alarm_edit("EstimatedCharges", "billing-estimated-charges", AlarmActions=_repointed),
            h.put_alarm_back,
            services=("sns", "cloudwatch"),
            setup=_oncall_topic_created,
            teardown=_oncall_topic_deleted,
        ),
        "sns-alarm-topic-key-removed": h.Flip(
            "sns_topic_encrypted",
            _topic_name,
            _topic_key_removed,
            _topic_key_restored,
        ),
        "sqs-lambda-dlq-sse-off": h.Flip(
            "sqs_queue_encrypted", _lambda_dlq, _queue_sse_off, _queue_sse_restored
        ),
        "ssm-api-key-as-plain-string": h.Flip(
            "ssm_parameters_no_plaintext_secrets",
            _plaintext_secret_name,
            _plaintext_secret_put,
            _plaintext_secret_deleted,
        ),
        "ssm-database-name-parameter-deleted": h.Flip(
            "ssm_runtime_parameters",
            lambda n: _DISCOVERY_PARAMETER,
            _runtime_parameter_deleted,
            _runtime_parameter_restored,
        ),
        "glue-raw-trades-as-hive-parquet": h.Flip(
            "glue_iceberg_tables",
            _glue_table_arn,
            _table_rewritten(_as_hive_parquet),
            _table_restored,
            setup=_iceberg_table_created,
            teardown=_iceberg_table_dropped,
        ),
        "recovery-drill-recorded-failed": h.Flip(
            "iceberg_recovery_drill_recent",
            lambda n: f"table/{_database(n)}/{_DRILL_TABLE}",
            _table_rewritten(_drill_recorded_failed, _DRILL_TABLE),
            _table_restored,
        ),
        "glue-raw-trades-as-json-lines": h.Flip(
            "glue_tables_columnar_format",
            _glue_table_arn,
            _table_rewritten(_as_json_lines),
            _table_restored,
            setup=_iceberg_table_created,
            teardown=_iceberg_table_dropped,
        ),
    }
