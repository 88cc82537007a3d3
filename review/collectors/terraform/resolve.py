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

from coattail.review.collectors.terraform.after_apply import significant
from coattail.review.collectors.terraform.context import derive_arn
from coattail.review.collectors.terraform.loader import TfResource

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
        for path in sorted(a for a in r.unknown if a in r.references and a.count(".") <= 1):
            arns = _arns(r, path, index, partition, region, account)
            if arns is None:
                continue
            attr, _, key = path.partition(".")
            if key:  # an attribute of the first nested block
                blocks = values.get(attr)
                if not (isinstance(blocks, list) and blocks and isinstance(blocks[0], dict)):
                    continue
                values[attr] = [{**blocks[0], key: _shape(key, blocks[0].get(key), arns)}, *blocks[1:]]
            else:
                values[attr] = _shape(attr, values.get(attr), arns)
            unknown.discard(path)
            if key and not any(u.startswith(attr + ".") for u in unknown):
                unknown.discard(attr)
        out.append(replace(r, values=values, unknown=frozenset(unknown)) if unknown != set(r.unknown) else r)
    return out


def _arns(
    r: TfResource,
    path: str,
    index: dict[tuple[str, str, object], TfResource],
    partition: str,
    region: str,
    account: str | None,
) -> list[str] | None:
    """The ARNs ``path`` is configured from, when every reference is one this plan can tell."""
    refs = [ref for ref in significant(r.references[path]) if not ref.startswith(("each.", "count."))]
    arn_refs = [ref for ref in refs if ref.endswith(".arn")]
    if not arn_refs or len(arn_refs) < len(refs):  # a variable or local (e.g. var.function_arn) stays unknown
        return None
    targets = [_target(ref, r.module, index) for ref in arn_refs]
    if any(t is None for t in targets):
        return None
    arns = [t.values.get("arn") or derive_arn(t, partition, region, account) for t in targets if t]
    return None if any(a is None for a in arns) else [a for a in arns if a]


def _shape(name: str, current: object, arns: list[str]) -> object:
    return arns if isinstance(current, list) or name.endswith(_LIST_SUFFIXES) else arns[0]
