"""Policies a plan knows only after apply, rebuilt from their ``aws_iam_policy_document``.

A policy built from ARNs of resources created in the same apply is unknown in a plan, but the
document it comes from is in the plan: read during plan (its JSON is known) or deferred to
apply, with its statements known except for the pending resource ARNs. The policy attribute
of the resource that uses the document (``policy = data.aws_iam_policy_document.x.json``,
``...x[each.key].json``, or a module ``local`` map of such references read from the ``.tf``
files) gets the document's JSON; a pending resource ARN becomes the :class:`AfterApply` marker,
so checks over actions, effects, principals and conditions can judge the policy, and checks
over resource ARNs see what is pending (see ``coattail.review.checks._iam``). A document with anything
else pending (actions, principals, conditions, source documents) stays unknown.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from coattail.review.collectors.terraform.after_apply import AfterApply, significant
from coattail.review.collectors.terraform.loader import POLICY_DOCUMENT, TfResource

#: Attributes holding a policy JSON.
POLICY_ATTRIBUTES = ("policy", "assume_role_policy")
#: What may be pending in a deferred document for it to be rebuilt (its own outputs, and ARNs).
_REBUILDABLE = frozenset({"id", "json", "minified_json", "statement.resources", "statement.not_resources"})
_DOCUMENT_REF = re.compile(
    rf"^data\.{POLICY_DOCUMENT}\.(?P<name>[A-Za-z0-9_-]+)(?:\[(?P<key>[^\]]+)\])?(?:\.(?:json|minified_json))?$"
)
_INTERPOLATION = re.compile(r"^\$\{(?P<expr>[^{}]+)\}$")

LocalsOf = Callable[[str], dict[str, Any]]


def render(document: TfResource) -> str | None:
    """The policy JSON of a document instance, or None when more than resource ARNs are pending
    (or its shape is not the provider's: then the policy stays unknown)."""
    try:
        return _render(document)
    except (KeyError, TypeError, AttributeError):
        return None


def _render(document: TfResource) -> str | None:
    known = document.values.get("json")
    if isinstance(known, str) and known and "json" not in document.unknown:
        return known
    if not document.unknown <= _REBUILDABLE:
        return None
    for key in ("source_policy_documents", "override_policy_documents", "source_json", "override_json"):
        if document.values.get(key):
            return None  # merged documents: the provider's merge is not repeated here
    statements = []
    for n, raw in enumerate(document.values.get("statement") or ()):
        label = f"{document.address} statement {raw.get('sid') or n}"
        statement: dict[str, Any] = {"Effect": raw.get("effect") or "Allow"}
        if raw.get("sid"):
            statement["Sid"] = raw["sid"]
        for key, name in (("actions", "Action"), ("not_actions", "NotAction")):
            if raw.get(key):
                statement[name] = list(raw[key])
        for key, name in (("resources", "Resource"), ("not_resources", "NotResource")):
            if raw.get(key):
                statement[name] = [AfterApply.of(f"{label} {key}") if v is None else v for v in raw[key]]
        for key, name in (("principals", "Principal"), ("not_principals", "NotPrincipal")):
            if raw.get(key):
                statement[name] = _principals(raw[key])
        if raw.get("condition"):
            conditions: dict[str, dict[str, list[str]]] = {}
            for c in raw["condition"]:
                conditions.setdefault(c["test"], {})[c["variable"]] = list(c.get("values") or ())
            statement["Condition"] = conditions
        statements.append(statement)
    return json.dumps({"Version": document.values.get("version") or "2012-10-17", "Statement": statements})


def _principals(blocks: list[dict[str, Any]]) -> Any:
    if any(b.get("type") == "*" for b in blocks):
        return "*"
    out: dict[str, list[str]] = {}
    for b in blocks:
        out.setdefault(b["type"], []).extend(b.get("identifiers") or ())
    return out


def _document_address(ref: str, module: str, index: Any) -> str | None:
    """``data.aws_iam_policy_document.x[each.key].json`` (used in ``module``) -> the instance address."""
    m = _DOCUMENT_REF.match(ref)
    if m is None:
        return None
    key = m["key"]
    if key == "each.key":
        key = json.dumps(index) if index is not None else None
    elif key is not None and not key.startswith('"'):
        return None
    suffix = f"[{key}]" if key else ""
    return f"{module + '.' if module else ''}data.{POLICY_DOCUMENT}.{m['name']}{suffix}"


def _source(r: TfResource, attr: str, locals_of: LocalsOf) -> str | None:
    """The document instance the policy attribute is configured from, when the plan can tell."""
    refs = significant(r.references.get(attr, ()))
    uses_key = "each.key" in refs
    refs = [x for x in refs if x != "each.key"]
    if len(refs) != 1:
        return None
    ref = refs[0]
    if ref.startswith("local."):
        value: Any = locals_of(r.module).get(ref.removeprefix("local."))
        if uses_key and isinstance(value, dict):
            value = value.get(str(r.index))
        m = _INTERPOLATION.match(value) if isinstance(value, str) else None
        if m is None:
            return None
        ref = m["expr"].strip()
    elif uses_key and _DOCUMENT_REF.match(ref) and "[" not in ref:
        ref = f"{ref}[each.key]"
    return _document_address(ref, r.module, r.index)


def rebuild_policies(
    resources: list[TfResource], documents: dict[str, TfResource], locals_of: LocalsOf
) -> list[TfResource]:
    """Fill unknown policy attributes from the policy documents they are configured from."""
    if not documents:
        return resources
    out = []
    for r in resources:
        filled: dict[str, str] = {}
        for attr in POLICY_ATTRIBUTES:
            if attr not in r.unknown or attr not in r.references:
                continue
            address = _source(r, attr, locals_of)
            document = documents.get(address) if address else None
            text = render(document) if document else None
            if text is not None:
                filled[attr] = text
        if filled:
            r = replace(r, values={**r.values, **filled}, unknown=r.unknown - set(filled))
        out.append(r)
    return out
