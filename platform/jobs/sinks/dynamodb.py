"""Hot alerts in DynamoDB: one conditional PutItem per alert.

``attribute_not_exists(alert_id)``: a replayed alert (same deterministic id and detected_at) fails
the condition, which is counted as a duplicate, not an error. BatchWriteItem carries no conditions
and TransactWriteItems fails whole on one duplicate, hence single puts (alerts are few).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from botocore.exceptions import ClientError


@dataclass
class WriteResult:
    written: int = 0
    duplicates: int = 0
    written_by_type: dict[str, int] | None = None
    written_ids: list[str] = field(default_factory=list)  # the alert_id of each new item, in order


def _iso(value: Any) -> str:
    if isinstance(value, datetime):
        ts = value if value.tzinfo else value.replace(tzinfo=UTC)
        ts = ts.astimezone(UTC)
        return ts.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ts.microsecond // 1000:03d}Z"
    return str(value)


def to_item(alert: dict[str, Any]) -> dict[str, Any]:
    """An alert row (base schema) as a DynamoDB item; null attributes are left out (GSI keys too)."""
    item: dict[str, Any] = {}
    for key, value in alert.items():
        if value is None:
            continue
        if key == "detected_at":
            item[key] = {"S": _iso(value)}
        elif key == "ttl_epoch":
            item[key] = {"N": str(int(value))}
        else:
            item[key] = {"S": str(value)}
    for required in ("alert_id", "detected_at", "alert_type", "symbol"):
        if required not in item:
            raise ValueError(f"alert lacks {required}: {alert}")
    return item


def put_alerts(client: Any, table: str, alerts: Iterable[dict[str, Any]]) -> WriteResult:
    result = WriteResult(written_by_type={})
    assert result.written_by_type is not None
    for alert in alerts:
        try:
            client.put_item(
                TableName=table,
                Item=to_item(alert),
                ConditionExpression="attribute_not_exists(alert_id)",
            )
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
                result.duplicates += 1
                continue
            raise
        result.written += 1
        result.written_ids.append(str(alert["alert_id"]))
        kind = str(alert["alert_type"])
        result.written_by_type[kind] = result.written_by_type.get(kind, 0) + 1
    return result
