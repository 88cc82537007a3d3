"""What Terraform normalisers share: the resource index, identity fields, tags and unknowns."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from review.collectors.terraform.loader import TfResource
from review.collectors.terraform.locate import Locator
from review.model import SourceKind


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

        When the join value is unknown (a plan before apply), fall back to the same module and the
        same instance key (``for_each`` over the same map).
        """
        wanted = {v for v in owner_values if v not in (None, "")}
        out = []
        for r in self.of_type(rtype):
            value = r.values.get(key)
            if value in wanted or (value is None and r.module == owner.module and r.index == owner.index):
                out.append(r)
        return out

    def base(
        self, r: TfResource, *, arn: str | None, name: str, region: str | None = "", **_: Any
    ) -> dict[str, Any]:
        """The identity/provenance fields of every inventory resource."""
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
    "point_in_time_recovery": ("pitr_enabled",),
    "ttl": ("ttl_attribute", "ttl_enabled"),
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
}


def unknown_fields(unknown: frozenset[str]) -> tuple[str, ...]:
    """Terraform's unknown attribute names plus the inventory fields they feed."""
    return tuple(sorted(set(unknown).union(*(UNKNOWN_ALIASES.get(k, ()) for k in unknown))))


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
