"""Values a plan knows only after apply, followed through the configuration's references.

An attribute unknown in ``after_unknown`` whose expression references an identity attribute of
a resource of the same plan (``kms_master_key_id = aws_kms_key.this.arn``), directly, through a
module output or through a module input, WILL be set: it gets the resource's value when the plan
tells it (a name; an ARN that follows from the name, see ``derive_arn``), else — for settings
whose being set is what matters (KMS keys, ``MARKER_ATTRIBUTES``) — the marker
:class:`AfterApply` ``known after apply (<address>.<attribute>)``, and leaves the unknown list.
Anything the plan cannot follow (locals, data sources, root variables, expressions mixing several
references, non-identity attributes) stays unknown, so checks still answer UNKNOWN for it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from coattail.review.collectors.terraform.context import derive_arn
from coattail.review.collectors.terraform.loader import TfResource
from coattail.review.collectors.terraform.markers import AfterApply, is_after_apply

__all__ = ["AfterApply", "is_after_apply", "resolve_after_apply", "significant"]

#: Resource attributes that always hold a value once the resource exists.
IDENTITY_ATTRIBUTES = frozenset(
    {"arn", "id", "name", "key_id", "url", "invoke_arn", "execution_arn", "repository_url", "unique_id"}
)
_LIST_SUFFIXES = ("_actions", "_arns", "_ids", "_principals")
_RESOURCE = re.compile(
    r"^(?P<type>[a-z0-9_]+)\.(?P<name>[A-Za-z0-9_-]+)(?:\[(?P<key>[^\]]+)\])?(?:\.(?P<attr>[a-z0-9_]+))?$"
)
_OUTPUT = re.compile(
    r"^module\.(?P<module>[A-Za-z0-9_-]+)\.(?P<output>[A-Za-z0-9_-]+)(?:\[(?P<key>[^\]]+)\])?$"
)
_VARIABLE = re.compile(r"^var\.(?P<name>[A-Za-z0-9_-]+)$")
#: Attributes that may take the marker: settings whose being set is what checks ask (encryption
#: keys). Others (ids, names, URLs) build identities and joins, so only a known value fills them.
MARKER_ATTRIBUTES = re.compile(r"kms|encryption_key")
#: Resource types whose ``id`` is one of their configured attributes.
_ID_IS = {
    "aws_s3_bucket": "bucket",
    "aws_dynamodb_table": "name",
    "aws_iam_role": "name",
    "aws_iam_policy": "arn",
    "aws_sns_topic": "arn",
    "aws_cloudwatch_log_group": "name",
    "aws_lambda_function": "function_name",
    "aws_glue_catalog_database": "name",
}
#: Output name suffix -> the attribute an output over one resource's instances maps each to.
_OUTPUT_ATTRIBUTE = (("_arns", "arn"), ("_arn", "arn"), ("_ids", "id"), ("_id", "id"), ("_names", "name"))


def significant(references: Iterable[str]) -> list[str]:
    """The references an expression uses, without the containers Terraform lists beside them
    (``aws_kms_key.this.arn`` also lists ``aws_kms_key.this``; ``module.a.x["k"]`` lists
    ``module.a.x`` and ``module.a``)."""
    refs = list(dict.fromkeys(references))
    return [r for r in refs if not any(o != r and o.startswith((r + ".", r + "[")) for o in refs)]


def _parent(module: str) -> str | None:
    if not module:
        return None
    cut = module.rfind(".module.")
    return module[:cut] if cut >= 0 else ""


def _key(raw: str | None) -> Any:
    if raw is None:
        return None
    try:
        return json.loads(raw)
    except json.JSONDecodeError:
        return raw


class Resolver:
    """Follows one reference of a module's expression to the value it will have."""

    def __init__(
        self,
        resources: list[TfResource],
        module_inputs: dict[str, dict[str, tuple[str, ...]]],
        module_outputs: dict[str, dict[str, tuple[str, ...]]],
        partition: str,
        region: str,
        account: str | None,
    ) -> None:
        self.index = {(r.module, r.type, r.name, r.index): r for r in resources}
        self.inputs = module_inputs
        self.outputs = module_outputs
        self.partition, self.region, self.account = partition, region, account

    def value(self, ref: str, module: str, depth: int = 0) -> Any:
        """The value ``ref`` (used in ``module``) will have, or None when the plan cannot tell."""
        if depth > 8:
            return None
        if m := _VARIABLE.match(ref):
            parent = _parent(module)
            refs = significant(self.inputs.get(module, {}).get(m["name"], ()))
            return self.value(refs[0], parent, depth + 1) if parent is not None and len(refs) == 1 else None
        if m := _OUTPUT.match(ref):
            child = f"{module + '.' if module else ''}module.{m['module']}"
            refs = significant(self.outputs.get(child, {}).get(m["output"], ()))
            if len(refs) != 1:
                return None
            inner = _RESOURCE.match(refs[0])
            if m["key"] is not None and inner and not inner["attr"] and not inner["key"]:
                # an output over a resource's instances (``{for k, r in x.this : k => r.arn}``)
                attr = next((a for s, a in _OUTPUT_ATTRIBUTE if m["output"].endswith(s)), None)
                target = self.index.get((child, inner["type"], inner["name"], _key(m["key"])))
                return self._attribute(target, attr) if target and attr else None
            return self.value(refs[0], child, depth + 1) if m["key"] is None else None
        m = _RESOURCE.match(ref)
        if m is None or m["type"] in ("data", "local", "each", "count", "path", "self", "terraform"):
            return None
        target = self.index.get((module, m["type"], m["name"], _key(m["key"])))
        return self._attribute(target, m["attr"]) if target else None

    def _attribute(self, target: TfResource | None, attr: str | None) -> Any:
        if target is None or attr not in IDENTITY_ATTRIBUTES:
            return None
        known = target.values.get(attr)
        if known not in (None, "") and attr not in target.unknown:
            return known
        alias = _ID_IS.get(target.type) if attr == "id" else None
        if alias == "arn":
            return self._attribute(target, "arn")
        if alias and target.values.get(alias) not in (None, "") and alias not in target.unknown:
            return target.values[alias]
        if attr == "arn":
            derived = derive_arn(target, self.partition, self.region, self.account)
            if derived:
                return derived
        return AfterApply.of(f"{target.address}.{attr}")


def resolve_after_apply(
    resources: list[TfResource],
    module_inputs: dict[str, dict[str, tuple[str, ...]]],
    module_outputs: dict[str, dict[str, tuple[str, ...]]],
    partition: str,
    region: str,
    account: str | None,
) -> list[TfResource]:
    """Fill unknown attributes (top level, or of the first nested block) that references settle."""
    resolver = Resolver(resources, module_inputs, module_outputs, partition, region, account)
    out = []
    for r in resources:
        values = dict(r.values)
        unknown = set(r.unknown)
        for path in sorted(a for a in r.unknown if a in r.references and a.count(".") <= 1):
            refs = significant(r.references[path])
            try:
                found = [resolver.value(ref, r.module) for ref in refs]
            except (TypeError, ValueError, KeyError):  # an odd reference: the value stays unknown
                continue
            if not found or any(v is None for v in found):
                continue
            if any(is_after_apply(v) for v in found) and not MARKER_ATTRIBUTES.search(path):
                continue
            attr, _, key = path.partition(".")
            if key:
                blocks = values.get(attr)
                if not (isinstance(blocks, list) and blocks and isinstance(blocks[0], dict)):
                    continue
                shaped = _shape(key, blocks[0].get(key), found)
                if shaped is None:
                    continue
                values[attr] = [{**blocks[0], key: shaped}, *blocks[1:]]
            else:
                shaped = _shape(attr, values.get(attr), found)
                if shaped is None:
                    continue
                values[attr] = shaped
            unknown.discard(path)
            if key and not any(u.startswith(attr + ".") for u in unknown):
                unknown.discard(attr)
        out.append(replace(r, values=values, unknown=frozenset(unknown)) if unknown != set(r.unknown) else r)
    return out


def _shape(name: str, current: object, found: list[Any]) -> object:
    if isinstance(current, list) or name.endswith(_LIST_SUFFIXES):
        return found
    return found[0] if len(found) == 1 else None
