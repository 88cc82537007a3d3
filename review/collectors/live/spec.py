"""Enumeration as data: how to list one resource type and fetch its details.

A :class:`ResourceSpec` names the list operation, where the items are in each page, the detail
calls per item (or per batch of items) and a normaliser turning the collected raw record into
an inventory model. One interpreter (``interpreter.py``) runs every spec: paginators wherever
the operation can paginate, batching, a worker pool, adaptive retries and error mapping.
The same specs give the least-privilege read-only policy (``permissions.py``).

Raw record handed to the normaliser: ``{"item": <list item>, "parent": <parent item or None>,
"_account": ..., "_region": ..., <detail key>: <detail result>, ...}``. A detail answering one
of its ``missing`` error codes yields ``None`` (e.g. a bucket without lifecycle rules); any
other error fails the whole spec for that account/region, which then shows as *not assessed*.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from coattail.review.inventory import Resource

Raw = dict[str, Any]
#: Builds call parameters from the raw record so far; ``None`` skips the call, a list fans out.
ParamsFn = Callable[[Raw], Mapping[str, Any] | Sequence[Mapping[str, Any]] | None]


@dataclass(frozen=True)
class Context:
    """Where a record was collected (passed to normalisers)."""

    account: str
    region: str
    partition: str = "aws"


@dataclass(frozen=True)
class Detail:
    key: str
    operation: str  # boto3 method name
    params: ParamsFn
    path: str | None = None  # JMESPath into the response (or into each page when paginated)
    missing: tuple[str, ...] = ()  # error codes meaning "not configured" -> None
    cache: bool = False  # identical parameters give identical answers within a run
    service: str | None = None  # another client than the spec's (rare)
    action: str | None = None  # IAM action when it differs from <prefix>:<Operation>


@dataclass(frozen=True)
class BatchDetail:
    """One call for up to ``size`` items; ``match`` pairs each answer with its item."""

    key: str
    operation: str
    params: Callable[[Sequence[Raw]], Mapping[str, Any]]
    path: str
    match: Callable[[Any, Raw], bool]
    size: int = 100
    action: str | None = None


@dataclass(frozen=True)
class Parent:
    """The list operation needs a parent's id (e.g. tables per Glue database)."""

    operation: str
    path: str
    params: Callable[[Any], Mapping[str, Any]]  # child list params from one parent item
    list_params: Mapping[str, Any] = field(default_factory=dict)
    action: str | None = None


@dataclass(frozen=True)
class LegacyPages:
    """Marker-style paging for endpoints that flag more results without a NextToken.

    Kinesis ListStreams answers ``HasMoreStreams`` and pages with ``ExclusiveStartStreamName``
    (older API, and what moto implements); NextToken is used whenever the answer carries one.
    """

    more_key: str  # e.g. HasMoreStreams
    marker_param: str  # e.g. ExclusiveStartStreamName
    last_item_path: str  # JMESPath of the marker value in the page, e.g. StreamNames[-1]


@dataclass(frozen=True)
class ResourceSpec:
    model: type[Resource]
    service: str  # boto3 client name
    list_operation: str
    list_path: str
    normalise: Callable[[Raw, Context], Resource | None]
    list_params: Mapping[str, Any] | Callable[[Context], Mapping[str, Any]] = field(default_factory=dict)
    details: tuple[Detail, ...] = ()
    batch: tuple[BatchDetail, ...] = ()
    parent: Parent | None = None
    scope: Literal["regional", "global"] = "regional"
    list_service: str | None = None  # client for the list (and parent) calls when not ``service``
    legacy_pages: LegacyPages | None = None
    list_action: str | None = None
    extra_actions: tuple[str, ...] = ()
    #: The list operation describes the account/region as a whole (a service's settings): its
    #: complete answer (``list_path`` of every page, concatenated when it pages) is the ``item``
    #: of exactly one record, so "nothing configured" is a resource a check can judge.
    singleton: bool = False
    #: Error codes of the (singleton) list operation meaning "not enabled": the item is ``None``.
    list_missing: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.model.__name__


def tags_from_list(pairs: Any, key: str = "Key", value: str = "Value") -> dict[str, str]:
    """[{Key, Value}, ...] -> {Key: Value} (None-safe)."""
    return {str(p[key]): str(p.get(value, "")) for p in (pairs or ()) if key in p}
