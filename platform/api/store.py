"""Reads of the alerts table through its GSIs, newest first, with exact pagination.

Query plan per filter (never a Scan on the hot path):

* ``type``            → ``type-time-index`` (alert_type = :type)
* ``symbol``          → ``symbol-time-index`` (symbol = :symbol)
* ``type`` + ``symbol`` → ``type-time-index`` with a FilterExpression on symbol (the type
  partition is the smaller of the two for a detector-driven feed, and the filter runs server-side)
* no filter           → one query per alert type on ``type-time-index``, merged newest first;
  the token then carries one resume key per type ("lane").

``since`` becomes ``detected_at >= :since`` in the key condition of every query. Each lane reads
one item past the page so ``has_more`` is exact: a page that says ``has_more`` always has a
non-empty next page.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from boto3.dynamodb.types import TypeDeserializer

from coattail.api.pagination import Key, decode_token, encode_token, query_fingerprint
from coattail.api.params import ALERT_TYPES, AlertsQuery

TYPE_INDEX = "type-time-index"
SYMBOL_INDEX = "symbol-time-index"
_INDEX_PARTITION = {TYPE_INDEX: "alert_type", SYMBOL_INDEX: "symbol"}
_deserializer = TypeDeserializer()


@dataclass(frozen=True)
class Lane:
    """One DynamoDB Query: a GSI partition, optional lower time bound and symbol filter."""

    name: str
    index: str
    partition_value: str
    since: str | None = None
    filter_symbol: str | None = None

    @property
    def partition_attribute(self) -> str:
        return _INDEX_PARTITION[self.index]

    @property
    def key_attributes(self) -> tuple[str, ...]:
        return ("alert_id", "detected_at", self.partition_attribute)


@dataclass(frozen=True)
class AlertsPage:
    alerts: list[dict[str, Any]]
    has_more: bool
    next_token: str | None

    def body(self) -> dict[str, Any]:
        return {
            "alerts": self.alerts,
            "count": len(self.alerts),
            "has_more": self.has_more,
            "next_token": self.next_token,
        }


def plan_lanes(query: AlertsQuery) -> tuple[Lane, ...]:
    if query.alert_type is not None:
        return (Lane("type", TYPE_INDEX, query.alert_type, query.since, query.symbol),)
    if query.symbol is not None:
        return (Lane("symbol", SYMBOL_INDEX, query.symbol, query.since),)
    return tuple(Lane(t, TYPE_INDEX, t, query.since) for t in ALERT_TYPES)


class AlertStore:
    """The alerts table, read with a low-level DynamoDB client (injectable for local runs/tests)."""

    def __init__(self, client: Any, table_name: str) -> None:
        self.client = client
        self.table_name = table_name

    def list_alerts(self, query: AlertsQuery) -> AlertsPage:
        lanes = {lane.name: lane for lane in plan_lanes(query)}
        fingerprint = query_fingerprint(query.alert_type, query.symbol, query.since)
        if query.next_token is None:
            starts: dict[str, Key | None] = dict.fromkeys(lanes)
        else:
            starts = decode_token(
                query.next_token,
                fingerprint,
                tuple(lanes),
                {n: lane.key_attributes for n, lane in lanes.items()},
            )
        fetched: dict[str, tuple[list[dict[str, Any]], bool]] = {
            name: self._read_lane(lanes[name], start, query.limit) for name, start in starts.items()
        }
        merged = sorted(
            ((item, name) for name, (items, _) in fetched.items() for item in items),
            key=lambda pair: (str(pair[0]["detected_at"]["S"]), str(pair[0]["alert_id"]["S"])),
            reverse=True,
        )[: query.limit]
        taken: dict[str, list[dict[str, Any]]] = {name: [] for name in fetched}
        for item, name in merged:
            taken[name].append(item)
        next_lanes: dict[str, Key | None] = {}
        for name, (items, more) in fetched.items():
            if len(taken[name]) < len(items) or more:
                last = taken[name][-1] if taken[name] else None
                next_lanes[name] = _index_key(last, lanes[name]) if last is not None else starts[name]
        token = encode_token(fingerprint, next_lanes) if next_lanes else None
        return AlertsPage([to_alert(item) for item, _ in merged], bool(next_lanes), token)

    def type_counts(self, symbol: str, since: str) -> dict[str, int]:
        """Alerts of one symbol since a time, counted per type (projection: alert_type only)."""
        counts: dict[str, int] = {}
        lane = Lane("symbol", SYMBOL_INDEX, symbol, since)
        for item in self._query(lane, None, page_size=1000, projection="alert_type"):
            kind = str(item.get("alert_type", {}).get("S", "unknown"))
            counts[kind] = counts.get(kind, 0) + 1
        return counts

    def iter_recent(self, symbol: str, since: str, page_size: int = 100) -> Iterator[dict[str, Any]]:
        """Alerts of one symbol since a time, newest first, deserialised lazily page by page."""
        for item in self._query(Lane("symbol", SYMBOL_INDEX, symbol, since), None, page_size):
            yield to_alert(item)

    def newest(self, alert_type: str) -> dict[str, Any] | None:
        for item in self._query(Lane(alert_type, TYPE_INDEX, alert_type), None, page_size=1):
            return to_alert(item)
        return None

    def _read_lane(self, lane: Lane, start: Key | None, limit: int) -> tuple[list[dict[str, Any]], bool]:
        """Up to ``limit`` items of one lane and whether more exist after them."""
        page_size = limit + 1 if lane.filter_symbol is None else min(1000, 4 * (limit + 1))
        items: list[dict[str, Any]] = []
        for item in self._query(lane, start, page_size):
            items.append(item)
            if len(items) > limit:
                return items[:limit], True
        return items, False

    def _query(
        self, lane: Lane, start: Key | None, page_size: int, projection: str | None = None
    ) -> Iterator[dict[str, Any]]:
        names = {"#pk": lane.partition_attribute}
        values: dict[str, Any] = {":pk": {"S": lane.partition_value}}
        condition = "#pk = :pk"
        if lane.since is not None:
            names["#t"] = "detected_at"
            values[":since"] = {"S": lane.since}
            condition += " AND #t >= :since"
        params: dict[str, Any] = {
            "TableName": self.table_name,
            "IndexName": lane.index,
            "KeyConditionExpression": condition,
            "ScanIndexForward": False,
            "Limit": page_size,
        }
        if lane.filter_symbol is not None:
            names["#sym"] = "symbol"
            values[":sym"] = {"S": lane.filter_symbol}
            params["FilterExpression"] = "#sym = :sym"
        if projection is not None:
            names["#proj"] = projection
            params["ProjectionExpression"] = "#proj"
        params["ExpressionAttributeNames"] = names
        params["ExpressionAttributeValues"] = values
        while True:
            if start is not None:
                params["ExclusiveStartKey"] = start
            response = self.client.query(**params)
            yield from response.get("Items", [])
            start = response.get("LastEvaluatedKey")
            if not start:
                return


def _index_key(item: dict[str, Any], lane: Lane) -> Key:
    return {name: {"S": str(item[name]["S"])} for name in lane.key_attributes}


def to_alert(item: dict[str, Any]) -> dict[str, Any]:
    """A DynamoDB item → the API's alert object (numbers as int/float, ``details`` parsed)."""
    alert = {name: _plain(_deserializer.deserialize(value)) for name, value in item.items()}
    details = alert.get("details")
    if isinstance(details, str):
        try:
            alert["details"] = json.loads(details)
        except ValueError:
            alert["details"] = {"_raw": details}
    return alert


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | set | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, bytes | bytearray):
        return None
    return value
