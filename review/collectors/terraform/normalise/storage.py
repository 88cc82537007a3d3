"""Terraform -> inventory: S3, Kinesis, DynamoDB, Glue, Lake Formation."""

from __future__ import annotations

from typing import Any

from coattail.review.collectors.live.specs.storage import glue_catalog_arn, glue_table_format, lf_resource
from coattail.review.collectors.terraform.context import TfContext, unknown_fields
from coattail.review.collectors.terraform.loader import TfResource
from coattail.review.collectors.values import as_int, blank, first, resource_policy, sorted_strs
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
    Resource,
    S3Bucket,
    SecondaryIndex,
    Transition,
)
from coattail.review.inventory.s3 import ALL_USERS, AUTHENTICATED_USERS, LOG_DELIVERY


# -- S3 -----------------------------------------------------------------------------------------
def _lifecycle_rule(rule: dict[str, Any]) -> LifecycleRule:
    filt = first(rule.get("filter"))
    prefix = filt.get("prefix")
    if prefix in (None, ""):
        prefix = first(filt.get("and")).get("prefix") or rule.get("prefix")
    return LifecycleRule(
        id=blank(rule.get("id")),
        prefix=blank(prefix),
        status=rule.get("status") or "Enabled",
        transitions=tuple(
            Transition(days=as_int(t.get("days")), storage_class=t["storage_class"])
            for t in rule.get("transition") or ()
        ),
        expiration_days=as_int(first(rule.get("expiration")).get("days")) or None,
        noncurrent_expiration_days=as_int(
            first(rule.get("noncurrent_version_expiration")).get("noncurrent_days")
        ),
        abort_multipart_days=as_int(
            first(rule.get("abort_incomplete_multipart_upload")).get("days_after_initiation")
        ),
    )


def s3_bucket(ctx: TfContext, r: TfResource) -> Resource:
    name = r.get("bucket") or r.get("id") or r.name
    keys = (name, r.get("id"))

    def sub(rtype: str) -> TfResource | None:
        found = ctx.related(rtype, "bucket", r, keys)
        return found[0] if found else None

    enc_res = sub("aws_s3_bucket_server_side_encryption_configuration")
    enc_rule = first(
        (enc_res.get("rule") if enc_res else None)
        or first(r.get("server_side_encryption_configuration")).get("rule")
    )
    by_default = first(enc_rule.get("apply_server_side_encryption_by_default"))
    ver_res = sub("aws_s3_bucket_versioning")
    if ver_res:
        status = first(ver_res.get("versioning_configuration")).get("status")
        versioning = None if status == "Disabled" else status
        mfa = first(ver_res.get("versioning_configuration")).get("mfa_delete")
    else:
        inline = first(r.get("versioning"))
        versioning = "Enabled" if inline.get("enabled") else None
        mfa = "Enabled" if inline.get("mfa_delete") else None
    pab_res = sub("aws_s3_bucket_public_access_block")
    life_res = sub("aws_s3_bucket_lifecycle_configuration")
    own_res = sub("aws_s3_bucket_ownership_controls")
    pol_res = sub("aws_s3_bucket_policy")
    log_res = sub("aws_s3_bucket_logging")
    acl_res = sub("aws_s3_bucket_acl")
    unknown = _s3_unknown(r, [
        (ver_res, {"versioning_configuration.status": ("versioning",),
                   "versioning_configuration.mfa_delete": ("mfa_delete",)}),
        (enc_res, {"rule": ("encryption_algorithm", "bucket_key_enabled", "kms_key_id")}),
        (life_res, {"rule": ("lifecycle_rules",)}),
        (pol_res, {"policy": ("policy",)}),
        (log_res, {"target_bucket": ("logging_target_bucket",)}),
        (pab_res, {k: ("public_access_block",) for k in ("block_public_acls", "ignore_public_acls",
                                                         "block_public_policy", "restrict_public_buckets")}),
        (own_res, {"rule": ("object_ownership",)}),
        (acl_res, {"acl": ("acl_grants",), "access_control_policy": ("acl_grants",)}),
    ])  # fmt: skip
    base = ctx.base(
        r, arn=r.get("arn") or f"arn:{ctx.partition}:s3:::{name}", name=name, region=r.get("region") or ""
    )
    base["unknown_attributes"] = tuple(sorted(unknown))
    return S3Bucket(
        **base,
        encryption_algorithm=blank(by_default.get("sse_algorithm")),
        bucket_key_enabled=bool(enc_rule.get("bucket_key_enabled", False)),
        kms_key_id=blank(by_default.get("kms_master_key_id")),
        versioning=versioning,
        mfa_delete=(mfa == "Enabled") if mfa else None,
        public_access_block=PublicAccessBlock(
            block_public_acls=bool(pab_res.get("block_public_acls")),
            ignore_public_acls=bool(pab_res.get("ignore_public_acls")),
            block_public_policy=bool(pab_res.get("block_public_policy")),
            restrict_public_buckets=bool(pab_res.get("restrict_public_buckets")),
        )
        if pab_res
        else None,
        lifecycle_rules=tuple(_lifecycle_rule(x) for x in (life_res.get("rule") if life_res else None) or ()),
        object_ownership=first(own_res.get("rule")).get("object_ownership") if own_res else None,
        policy=PolicyDocument.parse(pol_res.get("policy") if pol_res else blank(r.get("policy"))),
        logging_target_bucket=(log_res.get("target_bucket") if log_res else None)
        or blank(first(r.get("logging")).get("target_bucket")),
        acl_grants=_acl_grants(acl_res, r),
    )


#: Canned ACLs -> their grants beyond the owner's (S3 user guide, "Canned ACL").
CANNED_ACL_GRANTS = {
    "public-read": (("Group", ALL_USERS, "READ"),),
    "public-read-write": (("Group", ALL_USERS, "READ"), ("Group", ALL_USERS, "WRITE")),
    "authenticated-read": (("Group", AUTHENTICATED_USERS, "READ"),),
    "log-delivery-write": (("Group", LOG_DELIVERY, "READ_ACP"), ("Group", LOG_DELIVERY, "WRITE")),
}


def _acl_grants(acl_res: TfResource | None, bucket: TfResource) -> tuple[AclGrant, ...]:
    """The ACL's grants other than the owner's: a bucket without an ACL resource is private."""
    canned = (acl_res.get("acl") if acl_res else None) or bucket.get("acl")
    grants = {AclGrant(grantee_type=t, grantee=g, permission=p) for t, g, p in
              CANNED_ACL_GRANTS.get(canned, ()) if isinstance(canned, str)}  # fmt: skip
    policy = first(acl_res.get("access_control_policy")) if acl_res else {}
    owner = first(policy.get("owner")).get("id")
    for g in policy.get("grant") or ():
        grantee = first(g.get("grantee"))
        kind = grantee.get("type", "")
        who = grantee.get("id") or grantee.get("uri") or grantee.get("email_address") or ""
        if not (kind == "CanonicalUser" and who == owner):
            grants.add(AclGrant(grantee_type=kind, grantee=who, permission=g.get("permission", "")))
    return tuple(sorted(grants, key=lambda a: (a.grantee_type, a.grantee, a.permission)))


S3Part = tuple[TfResource | None, dict[str, tuple[str, ...]]]
#: The bucket's own computed copies of its sub-resources' settings (provider v4+ legacy attributes):
#: always unknown in a plan of a new bucket, and not where this collector reads the settings from.
S3_LEGACY = frozenset(
    {
        "versioning",
        "server_side_encryption_configuration",
        "lifecycle_rule",
        "policy",
        "logging",
        "acl",
        "grant",
        "cors_rule",
        "website",
        "replication_configuration",
        "object_lock_configuration",
    }
)


def _covers(path: str, watched: str) -> bool:
    """An unknown ``path`` covers ``watched`` when it is it, inside it, or an enclosing block."""
    return path == watched or path.startswith(watched + ".") or watched.startswith(path + ".")


def _s3_unknown(bucket: TfResource, parts: list[S3Part]) -> set[str]:
    """Unknown inventory fields of a bucket, from the sub-resources its settings are read from."""
    unknown = {u for u in unknown_fields(bucket.unknown) if u.split(".")[0] not in S3_LEGACY | {"document"}}
    for sub_res, watched in parts:
        if sub_res is None:
            continue
        for path, fields in watched.items():
            if any(_covers(u, path) for u in sub_res.unknown):
                unknown.update(fields)
    return unknown


# -- Kinesis ------------------------------------------------------------------------------------
def kinesis_stream(ctx: TfContext, r: TfResource) -> Resource:
    mode = first(r.get("stream_mode_details")).get("stream_mode") or "PROVISIONED"
    return KinesisStream(
        **ctx.base(r, arn=r.get("arn"), name=r.get("name", r.name)),
        stream_mode=mode,
        encryption_type=r.get("encryption_type") or "NONE",
        kms_key_id=blank(r.get("kms_key_id")),
        retention_hours=as_int(r.get("retention_period")) or 24,
        shard_count=as_int(r.get("shard_count")) if mode == "PROVISIONED" else None,
        shard_level_metrics=sorted_strs(r.get("shard_level_metrics")),
    )


# -- DynamoDB -----------------------------------------------------------------------------------
def _keys(hash_key: str | None, range_key: str | None, types: dict[str, str]) -> tuple[KeyElement, ...]:
    out = []
    if hash_key:
        out.append(KeyElement(name=hash_key, key_type="HASH", attribute_type=types.get(hash_key)))
    if range_key:
        out.append(KeyElement(name=range_key, key_type="RANGE", attribute_type=types.get(range_key)))
    return tuple(out)


def dynamodb_table(ctx: TfContext, r: TfResource) -> Resource:
    types = {a["name"]: a["type"] for a in r.get("attribute", [])}
    sse = first(r.get("server_side_encryption"))
    ttl = first(r.get("ttl"))
    billing = r.get("billing_mode") or "PROVISIONED"
    enabled = bool(sse.get("enabled"))

    def index(g: dict[str, Any]) -> SecondaryIndex:
        return SecondaryIndex(
            name=g["name"],
            keys=_keys(g.get("hash_key") or r.get("hash_key"), blank(g.get("range_key")), types),
            projection_type=g.get("projection_type"),
        )

    return DynamoDBTable(
        **ctx.base(r, arn=r.get("arn"), name=r.get("name", r.name)),
        billing_mode=billing,
        key_schema=_keys(r.get("hash_key"), blank(r.get("range_key")), types),
        global_secondary_indexes=tuple(
            sorted((index(g) for g in r.get("global_secondary_index", [])), key=lambda g: g.name)
        ),
        local_secondary_indexes=tuple(
            sorted((index(g) for g in r.get("local_secondary_index", [])), key=lambda g: g.name)
        ),
        ttl_attribute=blank(ttl.get("attribute_name")),
        ttl_enabled=bool(ttl.get("enabled", False)),
        sse_enabled=enabled,
        sse_type="KMS" if enabled else None,
        kms_key_arn=blank(sse.get("kms_key_arn")),
        pitr_enabled=bool(first(r.get("point_in_time_recovery")).get("enabled", False)),
        deletion_protection=bool(r.get("deletion_protection_enabled", False)),
        stream_enabled=bool(r.get("stream_enabled", False)),
        table_class=blank(r.get("table_class")) or "STANDARD",
        read_capacity=as_int(r.get("read_capacity")) if billing == "PROVISIONED" else None,
        write_capacity=as_int(r.get("write_capacity")) if billing == "PROVISIONED" else None,
        autoscaled_dimensions=_autoscaled(ctx, r) if billing == "PROVISIONED" else None,
    )


def _autoscaled(ctx: TfContext, table: TfResource) -> tuple[str, ...]:
    """The Application Auto Scaling dimensions registered for a table (``table/<name>`` targets)."""
    name = table.get("name", table.name)
    targets = ctx.related("aws_appautoscaling_target", "resource_id", table, (f"table/{name}",))
    return sorted_strs(
        t.get("scalable_dimension")
        for t in targets
        if t.get("service_namespace") in (None, "dynamodb") and t.get("scalable_dimension")
    )


# -- Glue ---------------------------------------------------------------------------------------
def glue_database(ctx: TfContext, r: TfResource) -> Resource:
    name = r.get("name", r.name)
    arn = r.get("arn") or (
        f"arn:{ctx.partition}:glue:{ctx.region}:{ctx.account}:database/{name}" if ctx.account else None
    )
    return GlueDatabase(
        **ctx.base(r, arn=arn, name=name),
        catalog_id=r.get("catalog_id") or ctx.account,
        location_uri=blank(r.get("location_uri")),
        description=blank(r.get("description")),
    )


def glue_catalog_policy(ctx: TfContext, r: TfResource) -> Resource:
    arn = glue_catalog_arn(ctx.partition, ctx.region, ctx.account) if ctx.account else None
    return GlueDataCatalog(
        **ctx.base(r, arn=arn, name=f"data-catalog/{ctx.region}"),
        policy=resource_policy(r.get("policy")),
    )


def glue_table(ctx: TfContext, r: TfResource) -> Resource:
    params = {str(k): str(v) for k, v in (r.get("parameters") or {}).items()}
    sd = first(r.get("storage_descriptor"))
    iceberg = bool(first(r.get("open_table_format_input")).get("iceberg_input"))
    table_type = params.get("table_type") or ("ICEBERG" if iceberg else r.get("table_type"))
    db = r.get("database_name", "")
    name = r.get("name", r.name)
    arn = r.get("arn") or (
        f"arn:{ctx.partition}:glue:{ctx.region}:{ctx.account}:table/{db}/{name}" if ctx.account else None
    )
    return GlueTable(
        **ctx.base(r, arn=arn, name=name),
        database=db,
        table_type=table_type.upper() if table_type else None,
        format=glue_table_format(params, sd.get("input_format"), (table_type or "").upper() == "ICEBERG"),
        storage_location=blank(sd.get("location")),
        partition_keys=tuple(p["name"] for p in r.get("partition_keys", [])),
        column_count=len(sd.get("columns") or ()),
        parameters=params,
    )


# -- Lake Formation -----------------------------------------------------------------------------
def _lf_id(ctx: TfContext, principal: str, resource: str) -> str:
    return f"lakeformation:{ctx.account}:{ctx.region}:{principal}:{resource}"


def _principals(blocks: Any) -> tuple[str, ...]:
    return sorted_strs(b.get("principal") for b in blocks or () if b.get("principal"))


def lf_settings(ctx: TfContext, r: TfResource) -> Resource:
    return LakeFormationSettings(
        **ctx.base(
            r,
            arn=f"arn:{ctx.partition}:lakeformation:{ctx.region}:{ctx.account}:settings"
            if ctx.account
            else None,
            name="data-lake-settings",
        ),
        admins=sorted_strs(r.get("admins")),
        default_database_permissions_principals=_principals(r.get("create_database_default_permissions")),
        default_table_permissions_principals=_principals(r.get("create_table_default_permissions")),
    )


def tf_lf_resource(v: dict[str, Any]) -> tuple[str, str]:
    """The Terraform blocks of a grant -> the same (kind, description) as the live API shape."""
    if v.get("catalog_resource"):
        return lf_resource({"Catalog": {}})
    if first(v.get("database")):
        return lf_resource({"Database": {"Name": first(v.get("database"))["name"]}})
    for key in ("table", "table_with_columns"):
        t = first(v.get(key))
        if t:
            table: dict[str, Any] = {"DatabaseName": t.get("database_name")}
            if t.get("wildcard") or not t.get("name"):
                table["TableWildcard"] = {}
            else:
                table["Name"] = t["name"]
            return lf_resource({"Table": table})
    if first(v.get("data_location")):
        return lf_resource({"DataLocation": {"ResourceArn": first(v.get("data_location"))["arn"]}})
    if first(v.get("lf_tag")):
        t = first(v.get("lf_tag"))
        return lf_resource({"LFTag": {"TagKey": t["key"], "TagValues": t.get("values")}})
    if first(v.get("lf_tag_policy")):
        p = first(v.get("lf_tag_policy"))
        return lf_resource(
            {
                "LFTagPolicy": {
                    "ResourceType": p.get("resource_type", ""),
                    "Expression": [
                        {"TagKey": e["key"], "TagValues": e.get("values")} for e in p.get("expression") or ()
                    ],
                }
            }
        )
    return "unknown", "unknown"


def lf_permission(ctx: TfContext, r: TfResource) -> Resource:
    principal = r.get("principal", "")
    kind, resource = tf_lf_resource(r.values)
    # principal unknown until apply (a role created in the same plan): cite the address instead
    lf_key = _lf_id(ctx, principal, resource) if principal else r.address
    base = ctx.base(r, arn=lf_key, name=f"{principal or '(known after apply)'} on {resource}")
    return LakeFormationPermission(
        **base,
        principal=principal,
        resource_kind=kind,
        resource=resource,
        permissions=sorted_strs(r.get("permissions")),
        permissions_with_grant_option=sorted_strs(r.get("permissions_with_grant_option")),
    )


def lf_tag(ctx: TfContext, r: TfResource) -> Resource:
    key = r.get("key", r.name)
    return LakeFormationTag(
        **ctx.base(
            r,
            arn=f"arn:{ctx.partition}:lakeformation:{ctx.region}:{ctx.account}:lf-tag/{key}"
            if ctx.account
            else None,
            name=key,
        ),
        key=key,
        values=sorted_strs(r.get("values")),
    )


def lf_resource_tags(ctx: TfContext, r: TfResource) -> Resource:
    kind, resource = tf_lf_resource(r.values)
    tags: dict[str, tuple[str, ...]] = {}
    for t in r.get("lf_tag", []):
        tags[t["key"]] = tuple(sorted({*tags.get(t["key"], ()), t["value"]}))
    return LakeFormationResourceTags(
        **ctx.base(r, arn=_lf_id(ctx, "lf-tags", resource), name=resource),
        resource_kind=kind,
        resource=resource,
        lf_tags=tags,
    )


def efs_file_system(ctx: TfContext, r: TfResource) -> Resource:
    """A planned file system: encryption and lifecycle from its arguments, backups from an
    ``aws_efs_backup_policy`` naming it (none: automatic backups stay off)."""
    backup = ctx.related("aws_efs_backup_policy", "file_system_id", r, (r.get("id"),))
    status = first(backup[0].get("backup_policy")).get("status") if backup else "DISABLED"
    to_ia = next(
        (p.get("transition_to_ia") for p in r.get("lifecycle_policy") or () if p.get("transition_to_ia")), ""
    )
    name = (r.get("tags") or {}).get("Name") or r.get("creation_token") or r.name
    return EFSFileSystem(
        **ctx.base(r, arn=r.get("arn"), name=name),
        file_system_id=r.get("id"),
        encrypted=bool(r.get("encrypted", False)),
        kms_key_id=blank(r.get("kms_key_id")),
        backup_status=status or None,
        transition_to_ia=to_ia,
    )


def firehose_stream(ctx: TfContext, r: TfResource) -> Resource:
    """A planned delivery stream: its source and its ``server_side_encryption`` block."""
    sse = first(r.get("server_side_encryption"))
    if first(r.get("kinesis_source_configuration")):
        kind = "KinesisStreamAsSource"
    elif first(r.get("msk_source_configuration")):
        kind = "MSKAsSource"
    else:
        kind = "DirectPut"
    enabled = bool(sse.get("enabled", False))
    return FirehoseDeliveryStream(
        **ctx.base(r, arn=r.get("arn"), name=r.get("name", r.name)),
        stream_type=kind,
        encryption_status="ENABLED" if enabled else "DISABLED",
        key_type=(sse.get("key_type") or "AWS_OWNED_CMK") if enabled else None,
        kms_key_arn=blank(sse.get("key_arn")),
    )


NORMALISERS = {
    "aws_kinesis_firehose_delivery_stream": firehose_stream,
    "aws_efs_file_system": efs_file_system,
    "aws_s3_bucket": s3_bucket,
    "aws_kinesis_stream": kinesis_stream,
    "aws_dynamodb_table": dynamodb_table,
    "aws_glue_catalog_database": glue_database,
    "aws_glue_catalog_table": glue_table,
    "aws_glue_resource_policy": glue_catalog_policy,
    "aws_lakeformation_data_lake_settings": lf_settings,
    "aws_lakeformation_permissions": lf_permission,
    "aws_lakeformation_lf_tag": lf_tag,
    "aws_lakeformation_resource_lf_tags": lf_resource_tags,
}
