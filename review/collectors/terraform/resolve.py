"""Fill values a plan only knows after apply when they are ARNs of resources in the same plan.

``alarm_actions = [aws_sns_topic.alarms.arn]`` is unknown in a plan that also creates the topic,
but the topic's ARN follows from its name (``derive_arn``). Only top-level attributes whose every
reference is ``<type>.<name>[key].arn`` of a resource in the same module are filled; anything
else stays unknown.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace

from review.collectors.terraform.context import derive_arn
from review.collectors.terraform.loader import TfResource

_LIST_SUFFIXES = ("_actions", "_arns", "_ids")
_REF = re.compile(r"^(?P<base>[a-z0-9_]+\.[A-Za-z0-9_-]+)(?:\[(?P<key>[^\]]+)\])?\.arn$")


def _target(ref: str, module: str, index: dict[tuple[str, str, object], TfResource]) -> TfResource | None:
    m = _REF.match(ref)
    if not m:
        return None
    key = json.loads(m.group("key")) if m.group("key") else None
    return index.get((module, m.group("base"), key))


def resolve_arn_references(
    resources: list[TfResource], partition: str, region: str, account: str | None
) -> list[TfResource]:
    index = {(r.module, f"{r.type}.{r.name}", r.index): r for r in resources}
    out = []
    for r in resources:
        values = dict(r.values)
        unknown = set(r.unknown)
        for attr in sorted(a for a in r.unknown if "." not in a and a in r.references):
            arn_refs = [ref for ref in r.references[attr] if ref.endswith(".arn")]
            targets = [_target(ref, r.module, index) for ref in arn_refs]
            if not arn_refs or any(t is None for t in targets):
                continue
            arns = [t.values.get("arn") or derive_arn(t, partition, region, account) for t in targets if t]
            if any(a is None for a in arns):
                continue
            is_list = isinstance(values.get(attr), list) or attr.endswith(_LIST_SUFFIXES)
            values[attr] = arns if is_list else arns[0]
            unknown.discard(attr)
        out.append(replace(r, values=values, unknown=frozenset(unknown)) if unknown != set(r.unknown) else r)
    return out
