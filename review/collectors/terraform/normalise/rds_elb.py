"""Terraform -> inventory: RDS DB instances, load balancers (with their ``aws_lb_listener``s)."""

from __future__ import annotations

from typing import Any

from coattail.review.collectors.live.specs.rds_elb import listener
from coattail.review.collectors.terraform.context import TfContext
from coattail.review.collectors.terraform.loader import TfResource
from coattail.review.collectors.terraform.markers import is_after_apply
from coattail.review.collectors.values import as_bool, as_int, blank, first, sorted_strs, strs
from coattail.review.inventory import LoadBalancer, RDSInstance, Resource

#: Terraform attribute -> inventory fields of these models it feeds (for values known after apply).
_ALIASES: dict[str, tuple[str, ...]] = {
    "backup_retention_period": ("backup_retention_days",),
    "db_cluster_identifier": ("cluster_id",),
    "replicate_source_db": ("replica_source",),
    "allocated_storage": ("allocated_storage_gb",),
    "enable_deletion_protection": ("deletion_protection",),
    "access_logs": ("access_logs_enabled", "access_logs_bucket"),
    "access_logs.enabled": ("access_logs_enabled",),
    "access_logs.bucket": ("access_logs_bucket",),
    "load_balancer_type": ("lb_type",),
    "internal": ("scheme",),
    "iam_database_authentication_enabled": ("iam_auth_enabled",),
    "monitoring_interval": ("monitoring_interval_seconds",),
    "enabled_cloudwatch_logs_exports": ("log_exports",),
    "drop_invalid_header_fields": ("drop_invalid_header_fields",),
}


def _base(ctx: TfContext, r: TfResource, *, arn: str | None, name: str, pending: set[str]) -> dict[str, Any]:
    base = ctx.base(r, arn=arn, name=name)
    extra = set().union(*(_ALIASES.get(k, ()) for k in r.unknown)) | pending
    base["unknown_attributes"] = tuple(sorted(set(base["unknown_attributes"]) | extra))
    return base


def db_instance(ctx: TfContext, r: TfResource) -> Resource:
    name = r.get("identifier") or r.name
    encrypted = as_bool(r.get("storage_encrypted"))
    return RDSInstance(
        **_base(ctx, r, arn=r.get("arn"), name=name, pending=set()),
        engine=blank(r.get("engine")),
        engine_version=blank(r.get("engine_version_actual") or r.get("engine_version")),
        instance_class=blank(r.get("instance_class")),
        status=blank(r.get("status")),
        allocated_storage_gb=as_int(r.get("allocated_storage")),
        storage_type=blank(r.get("storage_type")),
        storage_encrypted=bool(encrypted),
        kms_key_id=blank(r.get("kms_key_id")) if encrypted else None,
        publicly_accessible=bool(as_bool(r.get("publicly_accessible"))),
        multi_az=as_bool(r.get("multi_az")),
        backup_retention_days=as_int(r.get("backup_retention_period")),
        deletion_protection=bool(as_bool(r.get("deletion_protection"))),
        # provider defaults: minor upgrades on, IAM authentication off, no enhanced monitoring
        auto_minor_version_upgrade=as_bool(r.get("auto_minor_version_upgrade", True)),
        iam_auth_enabled=bool(as_bool(r.get("iam_database_authentication_enabled"))),
        monitoring_interval_seconds=as_int(r.get("monitoring_interval")) or 0,
        copy_tags_to_snapshot=bool(as_bool(r.get("copy_tags_to_snapshot"))),
        log_exports=sorted_strs(strs(r.get("enabled_cloudwatch_logs_exports") or ())),
        cluster_id=None,  # aws_db_instance is never an Aurora cluster member (aws_rds_cluster_instance is)
        replica_source=blank(r.get("replicate_source_db")),
    )


def _tf_listener(x: TfResource) -> Any:
    actions = [
        {
            "Type": a.get("type"),
            "Order": a.get("order"),
            "RedirectConfig": {"Protocol": first(a.get("redirect")).get("protocol")},
        }
        for a in x.get("default_action", [])
    ]
    return listener(
        port=x.get("port"),
        protocol=x.get("protocol"),
        ssl_policy=x.get("ssl_policy"),
        certificate_arns=[x.get("certificate_arn")] if x.get("certificate_arn") else [],
        actions=actions,
    )


def _zones(ctx: TfContext, lb: TfResource) -> tuple[str, ...] | None:
    """The zones of the load balancer's subnets when every one is an ``aws_subnet`` of the same
    document with a known zone (a state, or a plan naming existing subnets); else None: not known."""
    ids = [s for s in lb.get("subnets") or () if s] + [
        m.get("subnet_id") for m in lb.get("subnet_mapping") or () if m.get("subnet_id")
    ]
    found = {s.get("id"): s.get("availability_zone") for s in ctx.of_type("aws_subnet")}
    zones = [found.get(i) for i in set(ids)]
    if not ids or any(not isinstance(z, str) or not z or is_after_apply(z) for z in zones):
        return None
    return sorted_strs(set(zones))


def load_balancer(ctx: TfContext, r: TfResource) -> Resource:
    arn = r.get("arn")
    found = ctx.related("aws_lb_listener", "load_balancer_arn", r, (arn,)) + ctx.related(
        "aws_alb_listener", "load_balancer_arn", r, (arn,)
    )
    listeners = sorted((_tf_listener(x) for x in found), key=lambda x: (x.port or 0, x.label))
    # a TLS listener whose policy is left to apply is judged UNKNOWN, not on the moto/AWS default
    pending = {"listeners"} if any("ssl_policy" in x.unknown for x in found) else set()
    logs = first(r.get("access_logs"))
    internal = as_bool(r.get("internal"))
    return LoadBalancer(
        **_base(ctx, r, arn=arn, name=r.get("name") or r.name, pending=pending),
        lb_type=r.get("load_balancer_type") or "application",
        scheme=None if internal is None else ("internal" if internal else "internet-facing"),
        state=None,
        vpc_id=blank(r.get("vpc_id")),
        availability_zones=_zones(ctx, r),
        listeners=tuple(listeners),
        access_logs_enabled=bool(as_bool(logs.get("enabled"))),
        access_logs_bucket=blank(logs.get("bucket")),
        deletion_protection=bool(as_bool(r.get("enable_deletion_protection"))),
        drop_invalid_header_fields=(
            bool(as_bool(r.get("drop_invalid_header_fields")))
            if (r.get("load_balancer_type") or "application") == "application"
            else None
        ),
    )


NORMALISERS = {
    "aws_db_instance": db_instance,
    "aws_lb": load_balancer,
    "aws_alb": load_balancer,
}
