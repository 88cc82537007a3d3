"""RDS DB instances and Elastic Load Balancing (v2) load balancers with their listeners."""

from __future__ import annotations

from typing import Any

from coattail.review.collectors.live.spec import Context, Detail, Raw, ResourceSpec, tags_from_list
from coattail.review.collectors.values import as_bool, as_int, blank, sorted_strs, strs
from coattail.review.inventory import LoadBalancer, LoadBalancerListener, RDSInstance
from coattail.review.model import SourceKind

LIVE = SourceKind.LIVE


# -- RDS DB instances ----------------------------------------------------------------------------
def _rds_instance(raw: Raw, ctx: Context) -> RDSInstance:
    d = raw["item"]
    return RDSInstance(
        id=d.get("DBInstanceArn")
        or f"arn:{ctx.partition}:rds:{ctx.region}:{ctx.account}:db:{d['DBInstanceIdentifier']}",
        name=d["DBInstanceIdentifier"],
        source=LIVE,
        region=ctx.region,
        account=ctx.account,
        tags=tags_from_list(d.get("TagList")),
        engine=blank(d.get("Engine")),
        engine_version=blank(d.get("EngineVersion")),
        instance_class=blank(d.get("DBInstanceClass")),
        status=blank(d.get("DBInstanceStatus")),
        allocated_storage_gb=as_int(d.get("AllocatedStorage")),
        storage_type=blank(d.get("StorageType")),
        storage_encrypted=as_bool(d.get("StorageEncrypted")),
        kms_key_id=blank(d.get("KmsKeyId")) if d.get("StorageEncrypted") else None,
        publicly_accessible=as_bool(d.get("PubliclyAccessible")),
        multi_az=as_bool(d.get("MultiAZ")),
        backup_retention_days=as_int(d.get("BackupRetentionPeriod")),
        deletion_protection=as_bool(d.get("DeletionProtection")),
        auto_minor_version_upgrade=as_bool(d.get("AutoMinorVersionUpgrade")),
        iam_auth_enabled=as_bool(d.get("IAMDatabaseAuthenticationEnabled")),
        monitoring_interval_seconds=as_int(d.get("MonitoringInterval")),
        copy_tags_to_snapshot=as_bool(d.get("CopyTagsToSnapshot")),
        # an instance exporting no log omits the key
        log_exports=sorted_strs(strs(d.get("EnabledCloudwatchLogsExports") or ())),
        cluster_id=blank(d.get("DBClusterIdentifier")),
        replica_source=blank(d.get("ReadReplicaSourceDBInstanceIdentifier")),
    )


RDS_INSTANCES = ResourceSpec(
    model=RDSInstance,
    service="rds",
    list_operation="describe_db_instances",
    list_path="DBInstances",
    normalise=_rds_instance,
)


# -- Elastic Load Balancing v2 -------------------------------------------------------------------
def listener(
    *,
    port: Any,
    protocol: Any,
    ssl_policy: Any,
    certificate_arns: Any,
    actions: list[dict[str, Any]],
) -> LoadBalancerListener:
    """One listener, from API-shaped default actions ({Type, Order, RedirectConfig: {Protocol}})."""
    ordered = sorted(actions, key=lambda a: as_int(a.get("Order")) or 0)
    redirect = next((a.get("RedirectConfig") or {} for a in ordered if a.get("Type") == "redirect"), {})
    proto = blank(protocol)
    tls = (proto or "").upper() in ("HTTPS", "TLS")
    return LoadBalancerListener(
        port=as_int(port),
        protocol=proto,
        # moto reports its default policy on plain HTTP listeners too; only TLS listeners have one
        ssl_policy=blank(ssl_policy) if tls else None,
        certificate_arns=sorted_strs(c for c in strs(certificate_arns) if c),
        default_action_types=tuple(str(a.get("Type")) for a in ordered if a.get("Type")),
        redirect_protocol=blank(redirect.get("Protocol")),
    )


def _listener(item: dict[str, Any]) -> LoadBalancerListener:
    return listener(
        port=item.get("Port"),
        protocol=item.get("Protocol"),
        ssl_policy=item.get("SslPolicy"),
        certificate_arns=[c.get("CertificateArn") for c in item.get("Certificates") or ()],
        actions=list(item.get("DefaultActions") or ()),
    )


def _load_balancer(raw: Raw, ctx: Context) -> LoadBalancer:
    lb = raw["item"]
    attributes = {a["Key"]: a.get("Value") for a in raw.get("attributes") or () if "Key" in a}
    assessed = raw.get("attributes") is not None
    listeners = sorted(
        (_listener(x) for x in raw.get("listeners") or ()), key=lambda x: (x.port or 0, x.label)
    )
    return LoadBalancer(
        id=lb["LoadBalancerArn"],
        name=lb["LoadBalancerName"],
        source=LIVE,
        region=ctx.region,
        account=ctx.account,
        tags=tags_from_list(raw.get("tags")),
        lb_type=blank(lb.get("Type")),
        scheme=blank(lb.get("Scheme")),
        state=blank((lb.get("State") or {}).get("Code")),
        vpc_id=blank(lb.get("VpcId")),
        availability_zones=sorted_strs(z.get("ZoneName") for z in lb.get("AvailabilityZones") or ()),
        listeners=tuple(listeners),
        # an attribute the answer leaves out keeps its default (off)
        access_logs_enabled=as_bool(attributes.get("access_logs.s3.enabled") or "false")
        if assessed
        else None,
        access_logs_bucket=blank(attributes.get("access_logs.s3.bucket")),
        deletion_protection=(
            as_bool(attributes.get("deletion_protection.enabled") or "false") if assessed else None
        ),
        drop_invalid_header_fields=(
            as_bool(attributes.get("routing.http.drop_invalid_header_fields.enabled") or "false")
            if assessed and lb.get("Type") == "application"
            else None
        ),
    )


def _lb_arn(raw: Raw) -> dict[str, Any]:
    return {"LoadBalancerArn": raw["item"]["LoadBalancerArn"]}


LOAD_BALANCERS = ResourceSpec(
    model=LoadBalancer,
    service="elbv2",
    list_operation="describe_load_balancers",
    list_path="LoadBalancers",
    list_action="elasticloadbalancing:DescribeLoadBalancers",
    details=(
        Detail(
            "listeners",
            "describe_listeners",
            _lb_arn,
            "Listeners",
            action="elasticloadbalancing:DescribeListeners",
        ),
        Detail(
            "attributes",
            "describe_load_balancer_attributes",
            _lb_arn,
            "Attributes",
            action="elasticloadbalancing:DescribeLoadBalancerAttributes",
        ),
        Detail(
            "tags",
            "describe_tags",
            lambda r: {"ResourceArns": [r["item"]["LoadBalancerArn"]]},
            "TagDescriptions[0].Tags",
            action="elasticloadbalancing:DescribeTags",
        ),
    ),
    normalise=_load_balancer,
)

SPECS = (RDS_INSTANCES, LOAD_BALANCERS)
