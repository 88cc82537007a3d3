"""S3, Kinesis, DynamoDB, Glue and Lake Formation."""

from __future__ import annotations

from typing import Any

from coattail.review.collectors.live.spec import (
    Context,
    Detail,
    LegacyPages,
    Parent,
    Raw,
    ResourceSpec,
    tags_from_list,
)
from coattail.review.collectors.values import as_bool, as_int, blank, resource_policy, sorted_strs
from coattail.review.inventory import (
    AclGrant,
    DynamoDBTable,
    EFSFileSystem,
    FirehoseDeliveryStream,
    GlueDatabase,
    GlueDataCatalog,
    GlueTable,
    KeyElement,
    KinesisStream,
    LakeFormationPermission,
    LakeFormationResourceTags,
    LakeFormationSettings,
    LakeFormationTag,
    LifecycleRule,
    PolicyDocument,
    PublicAccessBlock,
    S3Bucket,
    SecondaryIndex,
    Transition,
)
from coattail.review.model import SourceKind

LIVE = SourceKind.LIVE


# -- S3 -----------------------------------------------------------------------------------------
def s3_lifecycle_rule(rule: dict[str, Any]) -> LifecycleRule:
    filt = rule.get("Filter") or {}
    prefix = filt.get("Prefix", (filt.get("And") or {}).get("Prefix", rule.get("Prefix")))
    return LifecycleRule(
        id=blank(rule.get("ID")),
        prefix=blank(prefix),
        status=rule.get("Status", "Enabled"),
        transitions=tuple(
            Transition(days=as_int(t.get("Days")), storage_class=t["StorageClass"])
            for t in rule.get("Transitions") or ()
        ),
        expiration_days=as_int((rule.get("Expiration") or {}).get("Days")),
        noncurrent_expiration_days=as_int(
            (rule.get("NoncurrentVersionExpiration") or {}).get("NoncurrentDays")
        ),
        abort_multipart_days=as_int(
            (rule.get("AbortIncompleteMultipartUpload") or {}).get("DaysAfterInitiation")
        ),
    )


def _s3(raw: Raw, ctx: Context) -> S3Bucket:
    name = raw["item"]["Name"]
    enc = (raw.get("encryption") or {}).get("ApplyServerSideEncryptionByDefault") or {}
    versioning = raw.get("versioning") or {}
    pab = raw.get("public_access_block")
    return S3Bucket(
        id=f"arn:{ctx.partition}:s3:::{name}",
        name=name,
        source=LIVE,
        region=raw.get("location") or "us-east-1",
        account=ctx.account,
        tags=tags_from_list(raw.get("tags")),
        encryption_algorithm=enc.get("SSEAlgorithm"),
        bucket_key_enabled=as_bool((raw.get("encryption") or {}).get("BucketKeyEnabled")) or False,
        kms_key_id=blank(enc.get("KMSMasterKeyID")),
        versioning=versioning.get("Status"),
        mfa_delete=versioning.get("MFADelete") == "Enabled" if versioning.get("MFADelete") else None,
        public_access_block=PublicAccessBlock(
            block_public_acls=bool(pab.get("BlockPublicAcls")),
            ignore_public_acls=bool(pab.get("IgnorePublicAcls")),
            block_public_policy=bool(pab.get("BlockPublicPolicy")),
            restrict_public_buckets=bool(pab.get("RestrictPublicBuckets")),
        )
        if pab
        else None,
        lifecycle_rules=tuple(s3_lifecycle_rule(r) for r in raw.get("lifecycle") or ()),
        object_ownership=raw.get("ownership"),
        policy=PolicyDocument.parse(raw.get("policy")),
        logging_target_bucket=raw.get("logging"),
        acl_grants=s3_acl_grants(raw.get("acl")),
    )


def s3_acl_grants(acl: Any) -> tuple[AclGrant, ...] | None:
    """GetBucketAcl's grants, less the owner's own (every bucket ACL grants its owner FULL_CONTROL)."""
    if acl is None:
        return None
    owner = (acl.get("Owner") or {}).get("ID")
    grants = []
    for g in acl.get("Grants") or ():
        grantee = g.get("Grantee") or {}
        kind = grantee.get("Type", "")
        who = grantee.get("ID") or grantee.get("URI") or grantee.get("EmailAddress") or ""
        if kind == "CanonicalUser" and who == owner:
            continue
        grants.append(AclGrant(grantee_type=kind, grantee=who, permission=g.get("Permission", "")))
    return tuple(sorted(grants, key=lambda a: (a.grantee_type, a.grantee, a.permission)))


def _bucket(raw: Raw) -> dict[str, Any]:
    return {"Bucket": raw["item"]["Name"]}


S3_BUCKETS = ResourceSpec(
    model=S3Bucket,
    service="s3",
    scope="global",
    list_operation="list_buckets",
    list_path="Buckets",
    list_action="s3:ListAllMyBuckets",
    details=(
        Detail("location", "get_bucket_location", _bucket, "LocationConstraint"),
        Detail(
            "encryption",
            "get_bucket_encryption",
            _bucket,
            "ServerSideEncryptionConfiguration.Rules[0]",
            missing=("ServerSideEncryptionConfigurationNotFoundError",),
            action="s3:GetEncryptionConfiguration",
        ),
        Detail("versioning", "get_bucket_versioning", _bucket),
        Detail(
            "public_access_block",
            "get_public_access_block",
            _bucket,
            "PublicAccessBlockConfiguration",
            missing=("NoSuchPublicAccessBlockConfiguration",),
            action="s3:GetBucketPublicAccessBlock",
        ),
        Detail(
            "lifecycle",
            "get_bucket_lifecycle_configuration",
            _bucket,
            "Rules",
            missing=("NoSuchLifecycleConfiguration",),
            action="s3:GetLifecycleConfiguration",
        ),
        Detail(
            "ownership",
            "get_bucket_ownership_controls",
            _bucket,
            "OwnershipControls.Rules[0].ObjectOwnership",
            missing=("OwnershipControlsNotFoundError",),
        ),
        Detail("policy", "get_bucket_policy", _bucket, "Policy", missing=("NoSuchBucketPolicy",)),
        Detail("logging", "get_bucket_logging", _bucket, "LoggingEnabled.TargetBucket"),
        Detail("acl", "get_bucket_acl", _bucket),
        Detail("tags", "get_bucket_tagging", _bucket, "TagSet", missing=("NoSuchTagSet",)),
    ),
    normalise=_s3,
)


# -- Kinesis ------------------------------------------------------------------------------------
def _kinesis(raw: Raw, ctx: Context) -> KinesisStream:
    s = raw["summary"]
    metrics = [m for e in s.get("EnhancedMonitoring") or () for m in e.get("ShardLevelMetrics") or ()]
    return KinesisStream(
        id=s["StreamARN"],
        name=s["StreamName"],
        source=LIVE,
        region=ctx.region,
        account=ctx.account,
        tags=tags_from_list(raw.get("tags")),
        stream_mode=(s.get("StreamModeDetails") or {}).get("StreamMode", "PROVISIONED"),
        encryption_type=s.get("EncryptionType") or "NONE",
        kms_key_id=blank(s.get("KeyId")),
        retention_hours=as_int(s.get("RetentionPeriodHours")),
        shard_count=as_int(s.get("OpenShardCount")),
        status=s.get("StreamStatus"),
        shard_level_metrics=sorted_strs(metrics),
        consumer_count=len(raw.get("consumers") or ()),
        policy=resource_policy(raw.get("policy")),
    )


KINESIS_STREAMS = ResourceSpec(
    model=KinesisStream,
    service="kinesis",
    list_operation="list_streams",
    list_path="StreamNames",
    legacy_pages=LegacyPages("HasMoreStreams", "ExclusiveStartStreamName", "StreamNames[-1]"),
    details=(
        Detail(
            "summary",
            "describe_stream_summary",
            lambda r: {"StreamName": r["item"]},
            "StreamDescriptionSummary",
        ),
        Detail("tags", "list_tags_for_stream", lambda r: {"StreamName": r["item"]}, "Tags"),
        Detail(
            "consumers",
            "list_stream_consumers",
            lambda r: {"StreamARN": r["summary"]["StreamARN"]},
            "Consumers",
        ),
        Detail(
            "policy",
            "get_resource_policy",
            lambda r: {"ResourceARN": r["summary"]["StreamARN"]},
            "Policy",
            missing=("ResourceNotFoundException",),
        ),
    ),
    normalise=_kinesis,
)


# -- DynamoDB -----------------------------------------------------------------------------------
def dynamodb_keys(schema: Any, types: dict[str, str]) -> tuple[KeyElement, ...]:
    order = {"HASH": 0, "RANGE": 1}
    return tuple(
        sorted(
            (
                KeyElement(
                    name=k["AttributeName"],
                    key_type=k["KeyType"],
                    attribute_type=types.get(k["AttributeName"]),
                )
                for k in schema or ()
            ),
            key=lambda k: order.get(k.key_type, 2),
        )
    )


def _dynamodb(raw: Raw, ctx: Context) -> DynamoDBTable:
    t = raw["table"]
    types = {a["AttributeName"]: a["AttributeType"] for a in t.get("AttributeDefinitions") or ()}
    sse = t.get("SSEDescription") or {}
    ttl = raw.get("ttl") or {}
    billing = (t.get("BillingModeSummary") or {}).get("BillingMode") or "PROVISIONED"
    throughput = t.get("ProvisionedThroughput") or {}
    return DynamoDBTable(
        id=t["TableArn"],
        name=t["TableName"],
        source=LIVE,
        region=ctx.region,
        account=ctx.account,
        tags=tags_from_list(raw.get("tags")),
        billing_mode=billing,
        key_schema=dynamodb_keys(t.get("KeySchema"), types),
        global_secondary_indexes=tuple(
            sorted(
                (
                    SecondaryIndex(
                        name=g["IndexName"],
                        keys=dynamodb_keys(g.get("KeySchema"), types),
                        projection_type=(g.get("Projection") or {}).get("ProjectionType"),
                    )
                    for g in t.get("GlobalSecondaryIndexes") or ()
                ),
                key=lambda g: g.name,
            )
        ),
        local_secondary_indexes=tuple(
            sorted(
                (
                    SecondaryIndex(
                        name=g["IndexName"],
                        keys=dynamodb_keys(g.get("KeySchema"), types),
                        projection_type=(g.get("Projection") or {}).get("ProjectionType"),
                    )
                    for g in t.get("LocalSecondaryIndexes") or ()
                ),
                key=lambda g: g.name,
            )
        ),
        ttl_attribute=blank(ttl.get("AttributeName")),
        ttl_enabled=ttl.get("TimeToLiveStatus") in ("ENABLED", "ENABLING"),
        sse_enabled=sse.get("Status") in ("ENABLED", "ENABLING"),
        sse_type=sse.get("SSEType"),
        kms_key_arn=blank(sse.get("KMSMasterKeyArn")),
        pitr_enabled=raw.get("pitr") == "ENABLED",
        deletion_protection=bool(t.get("DeletionProtectionEnabled", False)),
        stream_enabled=bool((t.get("StreamSpecification") or {}).get("StreamEnabled", False)),
        table_class=(t.get("TableClassSummary") or {}).get("TableClass") or "STANDARD",
        status=t.get("TableStatus"),
        read_capacity=as_int(throughput.get("ReadCapacityUnits")) if billing == "PROVISIONED" else None,
        write_capacity=as_int(throughput.get("WriteCapacityUnits")) if billing == "PROVISIONED" else None,
        policy=resource_policy(raw.get("policy")),
        autoscaled_dimensions=(
            sorted_strs(raw["autoscaling"]) if billing == "PROVISIONED" and "autoscaling" in raw else None
        ),
    )


def _scalable_targets(raw: Raw) -> dict[str, Any] | None:
    """Application Auto Scaling targets of a PROVISIONED table (on-demand tables scale themselves)."""
    t = raw["table"]
    if ((t.get("BillingModeSummary") or {}).get("BillingMode") or "PROVISIONED") != "PROVISIONED":
        return None
    return {"ServiceNamespace": "dynamodb", "ResourceIds": [f"table/{t['TableName']}"]}


DYNAMODB_TABLES = ResourceSpec(
    model=DynamoDBTable,
    service="dynamodb",
    list_operation="list_tables",
    list_path="TableNames",
    details=(
        Detail("table", "describe_table", lambda r: {"TableName": r["item"]}, "Table"),
        Detail("ttl", "describe_time_to_live", lambda r: {"TableName": r["item"]}, "TimeToLiveDescription"),
        Detail(
            "pitr",
            "describe_continuous_backups",
            lambda r: {"TableName": r["item"]},
            "ContinuousBackupsDescription.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus",
        ),
        Detail("tags", "list_tags_of_resource", lambda r: {"ResourceArn": r["table"]["TableArn"]}, "Tags"),
        Detail(
            "policy",
            "get_resource_policy",
            lambda r: {"ResourceArn": r["table"]["TableArn"]},
            "Policy",
            missing=("PolicyNotFoundException", "ResourceNotFoundException"),
        ),
        Detail(
            "autoscaling",
            "describe_scalable_targets",
            _scalable_targets,
            "ScalableTargets[].ScalableDimension",
            service="application-autoscaling",
        ),
    ),
    normalise=_dynamodb,
)


# -- Glue ---------------------------------------------------------------------------------------
def glue_table_format(parameters: dict[str, Any], input_format: str | None, iceberg: bool) -> str | None:
    for key in ("format", "write.format.default", "classification"):
        if parameters.get(key):
            return str(parameters[key]).lower()
    text = (input_format or "").lower()
    for fmt in ("parquet", "orc", "avro", "json", "text"):
        if fmt in text:
            return fmt
    return "parquet" if iceberg else None


def _glue_db(raw: Raw, ctx: Context) -> GlueDatabase:
    d = raw["item"]
    return GlueDatabase(
        id=f"arn:{ctx.partition}:glue:{ctx.region}:{ctx.account}:database/{d['Name']}",
        name=d["Name"],
        source=LIVE,
        region=ctx.region,
        account=ctx.account,
        tags=dict(raw.get("tags") or {}),
        catalog_id=d.get("CatalogId") or ctx.account,
        location_uri=blank(d.get("LocationUri")),
        description=blank(d.get("Description")),
    )


def _glue_table(raw: Raw, ctx: Context) -> GlueTable:
    t = raw["item"]
    params = {str(k): str(v) for k, v in (t.get("Parameters") or {}).items()}
    sd = t.get("StorageDescriptor") or {}
    table_type = params.get("table_type") or t.get("TableType")
    db = t["DatabaseName"]
    return GlueTable(
        id=f"arn:{ctx.partition}:glue:{ctx.region}:{ctx.account}:table/{db}/{t['Name']}",
        name=t["Name"],
        source=LIVE,
        region=ctx.region,
        account=ctx.account,
        database=db,
        table_type=table_type.upper() if table_type else None,
        format=glue_table_format(params, sd.get("InputFormat"), (table_type or "").upper() == "ICEBERG"),
        storage_location=blank(sd.get("Location")),
        partition_keys=tuple(p["Name"] for p in t.get("PartitionKeys") or ()),
        column_count=len(sd.get("Columns") or ()),
        parameters=params,
    )


GLUE_DATABASES = ResourceSpec(
    model=GlueDatabase,
    service="glue",
    list_operation="get_databases",
    list_path="DatabaseList",
    details=(
        Detail(
            "tags",
            "get_tags",
            lambda r: {
                "ResourceArn": f"arn:aws:glue:{r['_region']}:{r['_account']}:database/{r['item']['Name']}"
            },
            "Tags",
        ),
    ),
    normalise=_glue_db,
)

GLUE_TABLES = ResourceSpec(
    model=GlueTable,
    service="glue",
    parent=Parent("get_databases", "DatabaseList", lambda d: {"DatabaseName": d["Name"]}),
    list_operation="get_tables",
    list_path="TableList",
    normalise=_glue_table,
)


def glue_catalog_arn(partition: str, region: str, account: str) -> str:
    return f"arn:{partition}:glue:{region}:{account}:catalog"


def _glue_catalog(raw: Raw, ctx: Context) -> GlueDataCatalog | None:
    policy = resource_policy(raw["item"])
    if policy is None:
        return None  # no catalog policy: nothing beyond the account's own IAM to judge
    return GlueDataCatalog(
        id=glue_catalog_arn(ctx.partition, ctx.region, ctx.account),
        name=f"data-catalog/{ctx.region}",
        source=LIVE,
        region=ctx.region,
        account=ctx.account,
        policy=policy,
    )


GLUE_CATALOG_POLICIES = ResourceSpec(
    model=GlueDataCatalog,
    service="glue",
    singleton=True,  # one Data Catalog (and at most one catalog policy) per account and region
    list_operation="get_resource_policy",
    list_path="PolicyInJson",
    list_missing=("EntityNotFoundException",),  # how Glue answers a catalog without a policy
    normalise=_glue_catalog,
)


# -- Lake Formation -----------------------------------------------------------------------------
def lf_resource(resource: dict[str, Any]) -> tuple[str, str]:
    """(kind, normalised description) of a Lake Formation resource."""
    if "Catalog" in resource:
        return "catalog", "catalog"
    if "Database" in resource:
        return "database", f"database:{resource['Database']['Name']}"
    for key in ("Table", "TableWithColumns"):
        if key in resource:
            t = resource[key]
            name = "*" if "TableWildcard" in t or not t.get("Name") else t["Name"]
            return "table", f"table:{t['DatabaseName']}.{name}"
    if "DataLocation" in resource:
        return "data_location", f"data_location:{resource['DataLocation']['ResourceArn']}"
    if "LFTag" in resource:
        t = resource["LFTag"]
        return "lf_tag", f"lf_tag:{t['TagKey']}={'|'.join(sorted(t.get('TagValues') or ()))}"
    if "LFTagPolicy" in resource:
        p = resource["LFTagPolicy"]
        expr = ",".join(
            f"{e['TagKey']}={'|'.join(sorted(e.get('TagValues') or ()))}" for e in p.get("Expression") or ()
        )
        return "lf_tag_policy", f"lf_tag_policy:{p.get('ResourceType', '').lower()}:{expr}"
    return "unknown", "unknown"


def lf_id(ctx: Context, principal: str, resource: str) -> str:
    return f"lakeformation:{ctx.account}:{ctx.region}:{principal}:{resource}"


def _lf_settings(raw: Raw, ctx: Context) -> LakeFormationSettings:
    s = raw["item"] or {}
    return LakeFormationSettings(
        id=f"arn:{ctx.partition}:lakeformation:{ctx.region}:{ctx.account}:settings",
        name="data-lake-settings",
        source=LIVE,
        region=ctx.region,
        account=ctx.account,
        admins=sorted_strs(a["DataLakePrincipalIdentifier"] for a in s.get("DataLakeAdmins") or ()),
        default_database_permissions_principals=sorted_strs(
            p["Principal"]["DataLakePrincipalIdentifier"]
            for p in s.get("CreateDatabaseDefaultPermissions") or ()
        ),
        default_table_permissions_principals=sorted_strs(
            p["Principal"]["DataLakePrincipalIdentifier"]
            for p in s.get("CreateTableDefaultPermissions") or ()
        ),
    )


def _lf_permission(raw: Raw, ctx: Context) -> LakeFormationPermission:
    p = raw["item"]
    principal = p["Principal"]["DataLakePrincipalIdentifier"]
    kind, resource = lf_resource(p.get("Resource") or {})
    return LakeFormationPermission(
        id=lf_id(ctx, principal, resource),
        name=f"{principal} on {resource}",
        source=LIVE,
        region=ctx.region,
        account=ctx.account,
        principal=principal,
        resource_kind=kind,
        resource=resource,
        permissions=sorted_strs(p.get("Permissions")),
        permissions_with_grant_option=sorted_strs(p.get("PermissionsWithGrantOption")),
    )


def _lf_tag(raw: Raw, ctx: Context) -> LakeFormationTag:
    t = raw["item"]
    return LakeFormationTag(
        id=f"arn:{ctx.partition}:lakeformation:{ctx.region}:{ctx.account}:lf-tag/{t['TagKey']}",
        name=t["TagKey"],
        source=LIVE,
        region=ctx.region,
        account=ctx.account,
        key=t["TagKey"],
        values=sorted_strs(t.get("TagValues")),
    )


def _lf_resource_tags(raw: Raw, ctx: Context) -> LakeFormationResourceTags | None:
    tags = raw.get("lf_tags") or []
    if not tags:
        return None
    item = raw["item"]
    kind = "table" if raw.get("parent") else "database"
    resource = (
        f"table:{item['DatabaseName']}.{item['Name']}" if kind == "table" else f"database:{item['Name']}"
    )
    return LakeFormationResourceTags(
        id=lf_id(ctx, "lf-tags", resource),
        name=resource,
        source=LIVE,
        region=ctx.region,
        account=ctx.account,
        resource_kind=kind,
        resource=resource,
        lf_tags={t["TagKey"]: sorted_strs(t.get("TagValues")) for t in tags},
    )


LF_SETTINGS = ResourceSpec(
    model=LakeFormationSettings,
    service="lakeformation",
    list_operation="get_data_lake_settings",
    list_path="[DataLakeSettings]",
    normalise=_lf_settings,
)
LF_PERMISSIONS = ResourceSpec(
    model=LakeFormationPermission,
    service="lakeformation",
    list_operation="list_permissions",
    list_path="PrincipalResourcePermissions",
    normalise=_lf_permission,
)
LF_TAGS = ResourceSpec(
    model=LakeFormationTag,
    service="lakeformation",
    list_operation="list_lf_tags",
    list_path="LFTags",
    normalise=_lf_tag,
)
LF_RESOURCE_TAGS = ResourceSpec(
    model=LakeFormationResourceTags,
    service="lakeformation",
    list_operation="get_databases",
    list_path="DatabaseList",
    list_service="glue",
    details=(
        Detail(
            "lf_tags",
            "get_resource_lf_tags",
            lambda r: {"Resource": {"Database": {"Name": r["item"]["Name"]}}},
            "LFTagOnDatabase",
            missing=("EntityNotFoundException",),
        ),
    ),
    normalise=_lf_resource_tags,
)

LF_TABLE_TAGS = ResourceSpec(
    model=LakeFormationResourceTags,
    service="lakeformation",
    list_service="glue",
    parent=Parent("get_databases", "DatabaseList", lambda d: {"DatabaseName": d["Name"]}),
    list_operation="get_tables",
    list_path="TableList",
    details=(
        Detail(
            "lf_tags",
            "get_resource_lf_tags",
            lambda r: {
                "Resource": {"Table": {"DatabaseName": r["item"]["DatabaseName"], "Name": r["item"]["Name"]}}
            },
            "LFTagsOnTable",
            missing=("EntityNotFoundException",),
        ),
    ),
    normalise=_lf_resource_tags,
)


# -- EFS ----------------------------------------------------------------------------------------
def _efs(raw: Raw, ctx: Context) -> EFSFileSystem:
    f = raw["item"]
    tags = tags_from_list(f.get("Tags"))
    lifecycle = raw.get("lifecycle")
    return EFSFileSystem(
        id=f.get("FileSystemArn")
        or f"arn:aws:elasticfilesystem:{ctx.region}:{ctx.account}:file-system/{f['FileSystemId']}",
        name=f.get("Name") or tags.get("Name") or f["FileSystemId"],
        source=LIVE,
        region=ctx.region,
        account=ctx.account,
        tags=tags,
        file_system_id=f["FileSystemId"],
        encrypted=as_bool(f.get("Encrypted")),
        kms_key_id=blank(f.get("KmsKeyId")),
        # DescribeBackupPolicy answers PolicyNotFound when no policy was ever set: backups are off
        backup_status=raw.get("backup") or "DISABLED",
        transition_to_ia=None
        if lifecycle is None
        else next((p["TransitionToIA"] for p in lifecycle if p.get("TransitionToIA")), ""),
    )


def _fs(raw: Raw) -> dict[str, Any]:
    return {"FileSystemId": raw["item"]["FileSystemId"]}


EFS_FILE_SYSTEMS = ResourceSpec(
    model=EFSFileSystem,
    service="efs",
    list_operation="describe_file_systems",
    list_path="FileSystems",
    details=(
        Detail("backup", "describe_backup_policy", _fs, "BackupPolicy.Status", missing=("PolicyNotFound",)),
        Detail("lifecycle", "describe_lifecycle_configuration", _fs, "LifecyclePolicies"),
    ),
    normalise=_efs,
)


# -- Data Firehose ------------------------------------------------------------------------------
def _firehose(raw: Raw, ctx: Context) -> FirehoseDeliveryStream:
    d = raw.get("stream") or {}
    sse = d.get("DeliveryStreamEncryptionConfiguration")
    return FirehoseDeliveryStream(
        id=d.get("DeliveryStreamARN")
        or f"arn:aws:firehose:{ctx.region}:{ctx.account}:deliverystream/{raw['item']}",
        name=raw["item"],
        source=LIVE,
        region=ctx.region,
        account=ctx.account,
        tags=tags_from_list(raw.get("tags")),
        stream_type=d.get("DeliveryStreamType"),
        # no configuration at all: a stream that never had server-side encryption turned on
        encryption_status=None if not d else (sse or {}).get("Status", "DISABLED"),
        key_type=(sse or {}).get("KeyType"),
        kms_key_arn=blank((sse or {}).get("KeyARN")),
    )


FIREHOSE_STREAMS = ResourceSpec(
    model=FirehoseDeliveryStream,
    service="firehose",
    list_operation="list_delivery_streams",
    list_path="DeliveryStreamNames",
    details=(
        Detail(
            "stream",
            "describe_delivery_stream",
            lambda r: {"DeliveryStreamName": r["item"]},
            "DeliveryStreamDescription",
        ),
        Detail("tags", "list_tags_for_delivery_stream", lambda r: {"DeliveryStreamName": r["item"]}, "Tags"),
    ),
    normalise=_firehose,
)

SPECS = (
    S3_BUCKETS,
    EFS_FILE_SYSTEMS,
    FIREHOSE_STREAMS,
    KINESIS_STREAMS,
    DYNAMODB_TABLES,
    GLUE_DATABASES,
    GLUE_TABLES,
    GLUE_CATALOG_POLICIES,
    LF_SETTINGS,
    LF_PERMISSIONS,
    LF_TAGS,
    LF_RESOURCE_TAGS,
    LF_TABLE_TAGS,
)
