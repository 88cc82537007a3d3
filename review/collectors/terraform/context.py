"""What Terraform normalisers share: the resource index, identity fields, tags and unknowns."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from coattail.review.collectors.terraform.loader import TfResource
from coattail.review.collectors.terraform.locate import Locator
from coattail.review.collectors.terraform.markers import is_after_apply
from coattail.review.model import SourceKind


@dataclass
class TfContext:
    resources: list[TfResource]
    locator: Locator
    region: str
    account: str | None
    partition: str = "aws"

    def __post_init__(self) -> None:
        self._by_type: dict[str, list[TfResource]] = defaultdict(list)
        for r in self.resources:
            self._by_type[r.type].append(r)

    def of_type(self, rtype: str) -> list[TfResource]:
        return self._by_type.get(rtype, [])

    def related(
        self, rtype: str, key: str, owner: TfResource, owner_values: Iterable[Any]
    ) -> list[TfResource]:
        """Sub-resources of ``rtype`` whose ``key`` equals one of ``owner_values`` (e.g. a bucket's name).

        When the join value is unknown or only known after apply (a plan), fall back to the
        configuration's references, else the same module and instance key (``for_each``).
        """
        wanted = {v for v in owner_values if v not in (None, "")}
        out = []
        for r in self.of_type(rtype):
            value = r.values.get(key)
            pending = value is None or is_after_apply(value)
            if value in wanted or (pending and refers_to(r, key, owner)):
                out.append(r)
        return out

    def base(
        self, r: TfResource, *, arn: str | None, name: str, region: str | None = "", **_: Any
    ) -> dict[str, Any]:
        """The identity/provenance fields of every inventory resource."""
        arn = arn or derive_arn(r, self.partition, self.region, self.account)
        return {
            "id": arn or r.address,
            "name": name,
            "source": SourceKind.TERRAFORM,
            "region": self.region if region == "" else region,
            "account": self.account_of(arn),
            "tf_address": r.address,
            "location": self.locator.locate(r.module, r.type, r.name),
            "tags": tf_tags(r),
            "unknown_attributes": unknown_fields(r.unknown),
        }

    def account_of(self, arn: str | None) -> str | None:
        if arn and arn.startswith("arn:"):
            parts = arn.split(":")
            if len(parts) > 4 and parts[4].isdigit():
                return parts[4]
        return self.account


#: Terraform attribute -> the inventory fields it feeds, for values known only after apply.
UNKNOWN_ALIASES: dict[str, tuple[str, ...]] = {
    "arn": ("id",),
    "tags_all": ("tags",),
    "retention_period": ("retention_hours",),
    "stream_mode_details": ("stream_mode",),
    "server_side_encryption": ("sse_enabled", "sse_type", "kms_key_arn"),
    "server_side_encryption.enabled": ("sse_enabled", "sse_type"),
    "server_side_encryption.kms_key_arn": ("kms_key_arn",),
    "point_in_time_recovery": ("pitr_enabled",),
    "point_in_time_recovery.enabled": ("pitr_enabled",),
    "ttl": ("ttl_attribute", "ttl_enabled"),
    "ttl.attribute_name": ("ttl_attribute",),
    "ttl.enabled": ("ttl_enabled",),
    "stream_mode_details.stream_mode": ("stream_mode",),
    "auto_stop_configuration.enabled": ("auto_stop_enabled",),
    "auto_stop_configuration.idle_timeout_minutes": ("auto_stop_idle_minutes",),
    "maximum_capacity.cpu": ("max_cpu_vcpu",),
    "maximum_capacity.memory": ("max_memory_gb",),
    "environment.variables": ("env_var_names",),
    "tracing_config.mode": ("tracing_mode",),
    "dead_letter_config.target_arn": ("dead_letter_target_arn",),
    "global_secondary_index": ("global_secondary_indexes",),
    "auto_stop_configuration": ("auto_stop_enabled", "auto_stop_idle_minutes"),
    "maximum_capacity": ("max_cpu_vcpu", "max_memory_gb", "max_disk_gb"),
    "assume_role_policy": ("trust_policy",),
    "inline_policy": ("inline_policies",),
    "managed_policy_arns": ("attached_policies",),
    "policy": ("policy", "document"),
    "dashboard_body": ("widgets",),
    "retention_in_days": ("retention_days",),
    "memory_size": ("memory_mb",),
    "timeout": ("timeout_seconds",),
    "reserved_concurrent_executions": ("reserved_concurrency",),
    "role": ("role_arn",),
    "environment": ("env_var_names",),
    "container_definitions": ("containers",),
    "logging_configuration": ("logging_level", "logging_include_execution_data"),
    "key_id": ("kms_key_id",),
    "sqs_managed_sse_enabled": ("sqs_managed_sse",),
    "create_date": ("created_at",),
    "create_database_default_permissions": ("default_database_permissions_principals",),
    "create_table_default_permissions": ("default_table_permissions_principals",),
    "metadata_options": ("http_tokens", "http_endpoint"),
    "metadata_options.http_tokens": ("http_tokens",),
    "metadata_options.http_endpoint": ("http_endpoint",),
    "pattern": ("filter_pattern",),
    "metric_transformation": ("metric_transformations",),
    "cloud_watch_logs_group_arn": ("cloudwatch_log_group_arn",),
}


def unknown_fields(unknown: frozenset[str]) -> tuple[str, ...]:
    """Terraform's unknown attribute names plus the inventory fields they feed."""
    return tuple(sorted(set(unknown).union(*(UNKNOWN_ALIASES.get(k, ()) for k in unknown))))


#: ARN formats that follow from the name (so a plan's resources get the ids the account will show).
_ARN_FORMATS: dict[str, tuple[str, str]] = {
    "aws_dynamodb_table": ("name", "arn:{p}:dynamodb:{r}:{a}:table/{v}"),
    "aws_kinesis_stream": ("name", "arn:{p}:kinesis:{r}:{a}:stream/{v}"),
    "aws_sns_topic": ("name", "arn:{p}:sns:{r}:{a}:{v}"),
    "aws_sqs_queue": ("name", "arn:{p}:sqs:{r}:{a}:{v}"),
    "aws_lambda_function": ("function_name", "arn:{p}:lambda:{r}:{a}:function:{v}"),
    "aws_cloudwatch_log_group": ("name", "arn:{p}:logs:{r}:{a}:log-group:{v}"),
    "aws_cloudwatch_metric_alarm": ("alarm_name", "arn:{p}:cloudwatch:{r}:{a}:alarm:{v}"),
    "aws_cloudwatch_dashboard": ("dashboard_name", "arn:{p}:cloudwatch::{a}:dashboard/{v}"),
    "aws_sfn_state_machine": ("name", "arn:{p}:states:{r}:{a}:stateMachine:{v}"),
    "aws_ssm_parameter": ("name", "arn:{p}:ssm:{r}:{a}:parameter/{v_noslash}"),
    "aws_ecs_cluster": ("name", "arn:{p}:ecs:{r}:{a}:cluster/{v}"),
    "aws_glue_catalog_database": ("name", "arn:{p}:glue:{r}:{a}:database/{v}"),
}


def derive_arn(r: TfResource, partition: str, region: str, account: str | None) -> str | None:
    """The ARN a resource will have, when it follows from known values (None otherwise)."""
    if account is None:
        return None
    if r.type == "aws_iam_role" or r.type == "aws_iam_policy":
        name = r.values.get("name")
        kind = "role" if r.type == "aws_iam_role" else "policy"
        return f"arn:{partition}:iam::{account}:{kind}{r.values.get('path') or '/'}{name}" if name else None
    if r.type == "aws_cloudwatch_event_rule":
        name = r.values.get("name")
        bus = r.values.get("event_bus_name") or "default"
        rule = name if bus == "default" else f"{bus}/{name}"
        return f"arn:{partition}:events:{region}:{account}:rule/{rule}" if name else None
    fmt = _ARN_FORMATS.get(r.type)
    value = r.values.get(fmt[0]) if fmt else None
    if not fmt or not isinstance(value, str) or not value:
        return None
    return fmt[1].format(p=partition, r=region, a=account, v=value, v_noslash=value.lstrip("/"))


def refers_to(r: TfResource, key: str, owner: TfResource) -> bool:
    """Whether ``r.<key>`` (unknown in a plan) is configured from ``owner``.

    Uses the plan's configuration references (``aws_s3_bucket.this["raw"].id``; or
    ``aws_s3_bucket.this`` with ``each.key`` -> the same instance key); without them, the same
    module and the same instance key.
    """
    if r.module != owner.module:
        return False
    refs = r.references.get(key)
    if not refs:
        return r.index == owner.index
    base = f"{owner.type}.{owner.name}"
    exact = base if owner.index is None else f"{base}[{json.dumps(owner.index)}]"
    for ref in refs:
        if ref == exact or ref.startswith(exact + "."):
            return True
        if ref == base and r.index == owner.index:
            return True
    return False


def tf_tags(r: TfResource) -> dict[str, str]:
    tags = r.values.get("tags_all") or r.values.get("tags") or {}
    return {str(k): str(v) for k, v in tags.items()} if isinstance(tags, dict) else {}


def guess_account_region(resources: Iterable[TfResource], default_region: str) -> tuple[str | None, str]:
    """The most common account and region among the ARNs in the state."""
    accounts: Counter[str] = Counter()
    regions: Counter[str] = Counter()
    for r in resources:
        arn = r.values.get("arn")
        if isinstance(arn, str) and arn.startswith("arn:"):
            parts = arn.split(":")
            if len(parts) > 4:
                if parts[4].isdigit():
                    accounts[parts[4]] += 1
                if parts[3]:
                    regions[parts[3]] += 1
    account = accounts.most_common(1)[0][0] if accounts else None
    region = regions.most_common(1)[0][0] if regions else default_region
    return account, region
