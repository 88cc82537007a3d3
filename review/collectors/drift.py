"""Drift: where Terraform and the live account describe the same resource differently.

Resources are paired by ARN, else by type + name. Attributes are compared on *known* values
only: ``None`` (or a plan's ``known after apply`` marker) on either side means "this source
cannot know" (e.g. Terraform has no last-used date, moto drops an architecture) and is not drift;
nested objects compare key by key the same way. A Terraform resource missing from an assessed
live service is drift on ``exists``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from coattail.review.collectors.terraform.markers import is_after_apply
from coattail.review.inventory import Inventory, Resource
from coattail.review.model import Drift, SourceKind

#: Attributes the account reports about a resource's life, not its configuration.
OBSERVED_ONLY = frozenset(
    {
        "created_at",
        "last_used_at",
        "last_used_region",
        "status",
        "key_state",
        "consumer_count",
        "attachment_count",
        "shard_count",
        "aws_default",
    }
)
#: Per resource type (an EMR application's ``state`` is its lifecycle; a rule's is configuration).
OBSERVED_ONLY_BY_TYPE = {"AWS::EMRServerless::Application": frozenset({"state"})}


def known_equal(a: Any, b: Any) -> bool:
    if a is None or b is None or is_after_apply(a) or is_after_apply(b):
        return True  # one side cannot know (a plan's "known after apply" marker included)
    if isinstance(a, dict) and isinstance(b, dict):
        return all(known_equal(a[k], b[k]) for k in a.keys() & b.keys())
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(known_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float | int) and isinstance(b, float | int) and not isinstance(a, bool):
        return float(a) == float(b)
    return bool(a == b)


def _key_sets(
    resources: Iterable[Resource],
) -> tuple[dict[tuple[type, str], Resource], dict[tuple[type, str], Resource]]:
    by_id: dict[tuple[type, str], Resource] = {}
    by_name: dict[tuple[type, str], Resource] = {}
    for r in resources:
        if r.arn:
            by_id.setdefault((type(r), r.id), r)
        by_name.setdefault((type(r), r.name), r)
    return by_id, by_name


def pair(inventory: Inventory) -> list[tuple[Resource, Resource | None]]:
    """(terraform resource, its live twin or None) for every Terraform resource."""
    live = [r for r in inventory.resources() if r.source == SourceKind.LIVE]
    by_id, by_name = _key_sets(live)
    out: list[tuple[Resource, Resource | None]] = []
    for tf in inventory.resources():
        if tf.source != SourceKind.TERRAFORM:
            continue
        twin = by_id.get((type(tf), tf.id)) if tf.arn else None
        out.append((tf, twin or by_name.get((type(tf), tf.name))))
    return out


def compute_drift(inventory: Inventory) -> tuple[Drift, ...]:
    if not inventory.for_source(SourceKind.LIVE).sources:
        return ()
    drift: list[Drift] = []
    for tf, live in pair(inventory):
        if live is None:
            enumerated = tf.resource_type in inventory.live_resource_types
            if (
                enumerated
                and inventory.assessed(tf.service, SourceKind.LIVE)
                and _live_collected(inventory, tf)
            ):
                drift.append(
                    Drift(
                        resource_type=tf.resource_type,
                        resource_id=tf.id,
                        attribute="exists",
                        terraform_value=True,
                        live_value=False,
                    )
                )
            continue
        tf_attrs, live_attrs = tf.attributes(), live.attributes()
        unknown = set(tf.unknown_attributes)
        for name in sorted(tf_attrs.keys() & live_attrs.keys()):
            if (
                name in unknown
                or name in OBSERVED_ONLY
                or name in OBSERVED_ONLY_BY_TYPE.get(tf.resource_type, ())
            ):
                continue
            if not known_equal(tf_attrs[name], live_attrs[name]):
                drift.append(
                    Drift(
                        resource_type=tf.resource_type,
                        resource_id=live.id,
                        attribute=name,
                        terraform_value=tf_attrs[name],
                        live_value=live_attrs[name],
                    )
                )
    return tuple(drift)


def _live_collected(inventory: Inventory, tf: Resource) -> bool:
    """Only claim 'missing' for accounts/regions the live source looked at."""
    accounts = {r.account for r in inventory.resources() if r.source == SourceKind.LIVE}
    return tf.account is None or tf.account in accounts


def with_drift(inventory: Inventory) -> Inventory:
    return inventory.model_copy(update={"drift": inventory.drift + compute_drift(inventory)})
