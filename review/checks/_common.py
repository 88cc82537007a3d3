"""Building blocks shared by the checks: findings from resources, 'nothing found', name matching.

Every check yields one :class:`Finding` per resource examined. When nothing of the type exists
the answer depends on why: the service could not be read -> UNKNOWN; the profile says the
resource must exist -> FAIL; otherwise NOT_APPLICABLE. Never a vacuous PASS.
A value the verdict depends on that a Terraform plan knows only after apply is UNKNOWN too, never
judged as ``None``: begin a judge with :func:`unknown_attributes`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from fnmatch import fnmatchcase
from functools import wraps
from typing import Any, TypeVar

from coattail.review.inventory import Inventory, KMSKey, Resource
from coattail.review.model import Finding, Location, SourceKind, Status

R = TypeVar("R", bound=Resource)
Findings = Iterator[Finding]


def finding(resource: Resource, status: Status, message: str, **observed: Any) -> Finding:
    """A verdict on one inventory resource, citing it (ARN or Terraform address + file:line)."""
    return Finding(
        resource_id=resource.id,
        resource_type=resource.resource_type,
        source=resource.source,
        status=status,
        message=f"{resource.name}: {message}",
        observed=_jsonable(observed),
        region=resource.region,
        account=resource.account,
        location=resource.location,
    )


def passed(resource: Resource, message: str, **observed: Any) -> Finding:
    return finding(resource, Status.PASS, message, **observed)


def failed(resource: Resource, message: str, **observed: Any) -> Finding:
    return finding(resource, Status.FAIL, message, **observed)


def unknown(resource: Resource, message: str, **observed: Any) -> Finding:
    return finding(resource, Status.UNKNOWN, message, **observed)


def verdict(resource: Resource, ok: bool, good: str, bad: str, **observed: Any) -> Finding:
    """PASS with ``good`` or FAIL with ``bad``: the common two-way outcome."""
    return finding(resource, Status.PASS if ok else Status.FAIL, good if ok else bad, **observed)


def unknown_attributes(resource: Resource, *attributes: str, related: Iterable[str] = ()) -> Finding | None:
    """UNKNOWN when a value the verdict depends on is not known yet, else None.

    ``attributes`` are inventory field names of ``resource``; those Terraform knows only after
    apply (listed in ``resource.unknown_attributes`` in a plan) make the answer UNKNOWN instead of
    a PASS or FAIL judged on ``None``. ``related`` names further pending values the caller found
    elsewhere (a policy document, another resource's attribute). Use it first in a judge::

        return unknown_attributes(topic, "kms_master_key_id") or verdict(topic, ...)
    """
    pending = [a for a in attributes if resource.is_unknown(a)] + list(related)
    if not pending:
        return None
    why = "known only after apply" if resource.source == SourceKind.TERRAFORM else "not readable"
    return unknown(resource, f"{', '.join(pending)} {why}", unknown_attributes=pending)


def none_found(
    inventory: Inventory,
    cls: type[Resource],
    what: str,
    *,
    required: bool = False,
) -> Finding:
    """The single finding when no resource was examined (UNKNOWN / FAIL / NOT_APPLICABLE)."""
    gaps = inventory.gaps(cls.service)
    source = _source_of(inventory)
    if gaps:
        status = Status.UNKNOWN
        message = f"no {what} could be examined: {cls.service} not assessed ({gaps[0].reason})"
    elif required:
        status = Status.FAIL
        message = f"no {what} found, but one is expected"
    else:
        status = Status.NOT_APPLICABLE
        message = f"no {what} in the inventory"
    label = cls.service if cls.service != "unknown" else "inventory"
    return Finding(
        resource_id=f"{label}:{what}",
        resource_type=cls.resource_type,
        source=gaps[0].source if gaps else source,
        status=status,
        message=message,
        observed={"count": 0},
        region=gaps[0].region if gaps else None,
        account=gaps[0].account if gaps else None,
    )


def each(
    inventory: Inventory,
    cls: type[R],
    what: str,
    judge: Callable[[R], Finding | None],
    *,
    select: Callable[[R], bool] | None = None,
    required: bool = False,
) -> Findings:
    """Judge every (selected) resource of ``cls``; the right 'nothing found' finding otherwise."""
    resources = [r for r in inventory.by_type(cls) if select is None or select(r)]
    if not resources:
        yield none_found(inventory, cls, what, required=required)
        return
    for resource in resources:
        result = judge(resource)
        if result is not None:
            yield result


def distinct_count(resources: Iterable[Resource]) -> int:
    """How many resources, not views: the live and the Terraform view of one resource count once.

    Views are matched by type, region and name (names are unique per type and region in AWS); a view
    whose region is not recorded matches a view of the same name in any region.
    """
    keys = {(type(r).__name__, r.name, r.region) for r in resources}
    located = {(kind, name) for kind, name, region in keys if region is not None}
    return len({k for k in keys if k[2] is not None or (k[0], k[1]) not in located})


def aws_managed_key(key: KMSKey) -> bool:
    """AWS-managed keys (``alias/aws/...``) belong to AWS: no rotation setting, no tags of ours."""
    return key.manager == "AWS" or any(a.startswith("alias/aws/") for a in key.aliases)


def matches(name: str, patterns: Iterable[str]) -> bool:
    """Case-sensitive fnmatch of a name against any of ``patterns``."""
    return any(fnmatchcase(name, p) for p in patterns)


def first_match(name: str, table: dict[str, Any]) -> Any:
    """The value of the first pattern in ``table`` matching ``name`` (None when none does)."""
    return next((v for p, v in table.items() if fnmatchcase(name, p)), None)


# -- repository facts ---------------------------------------------------------------------------
def repository_finding(
    path: str, status: Status, message: str, line: int | None = None, **observed: Any
) -> Finding:
    """A verdict on a repository file (``path`` relative to the repository root)."""
    return Finding(
        resource_id=path,
        resource_type="file",
        source=SourceKind.REPOSITORY,
        status=status,
        message=f"{path}: {message}",
        observed=_jsonable(observed),
        location=Location(path=path, start_line=line),
    )


def no_repository(inventory: Inventory, what: str) -> Finding:
    """Repository facts were not collected: the claim cannot be examined."""
    return Finding(
        resource_id=f"repository:{what}",
        resource_type="file",
        source=SourceKind.REPOSITORY,
        status=Status.UNKNOWN,
        message=f"repository not collected: cannot examine {what}",
    )


def _source_of(inventory: Inventory) -> SourceKind:
    kinds = [k for k in inventory.source_kinds if k != SourceKind.REPOSITORY]
    return kinds[0] if kinds else SourceKind.LIVE


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_jsonable(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


# -- declarative value checks -------------------------------------------------------------------
def attribute_in(
    cls: type[R],
    attribute: str,
    allowed: Iterable[Any],
    *,
    what: str,
    label: str | None = None,
) -> Callable[[Callable[..., Any]], Callable[[Inventory], Findings]]:
    """A whole check declared as "attribute X of resource type Y must be one of Z".

    Decorates a body-less stub (kept for its name, module and docstring) and replaces it with
    the check: one finding per resource of ``cls``; PASS when the attribute's value is allowed,
    UNKNOWN when Terraform knows it only after apply, the 'nothing found' finding otherwise::

        @check(id="lambda_tracing_active", ...)
        @attribute_in(LambdaFunction, "tracing_mode", ["Active"], what="Lambda functions")
        def lambda_tracing_active(inv: Inventory) -> Findings: ...
    """
    values = tuple(allowed)
    shown = label or attribute.replace("_", " ")

    def decorate(stub: Callable[..., Any]) -> Callable[[Inventory], Findings]:
        @wraps(stub)
        def run(inv: Inventory) -> Findings:
            def judge(resource: R) -> Finding:
                value = getattr(resource, attribute)
                return unknown_attributes(resource, attribute) or verdict(
                    resource,
                    value in values,
                    f"{shown} {_show(value)}",
                    f"{shown} {_show(value)} (expected {' or '.join(_show(v) for v in values)})",
                    **{attribute: value},
                )

            yield from each(inv, cls, what, judge)

        return run

    return decorate


def _show(value: Any) -> str:
    if value is None or isinstance(value, bool):
        return {True: "on", False: "off", None: "not set"}[value]
    return str(value)
