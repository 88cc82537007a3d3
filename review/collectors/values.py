"""Small value normalisers shared by the live and Terraform collectors (so both agree)."""

from __future__ import annotations

import json
from typing import Any

from coattail.review.inventory.policy import PolicyDocument


def blank(value: Any) -> Any:
    """'' / [] / {} -> None (APIs and Terraform disagree on how to say 'not set')."""
    return None if value in ("", [], {}, ()) else value


def as_int(value: Any) -> int | None:
    value = blank(value)
    return None if value is None else int(float(value))


def as_float(value: Any) -> float | None:
    value = blank(value)
    return None if value is None else float(value)


def as_bool(value: Any) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value.strip().lower() in ("true", "enabled", "1", "yes")
    return bool(value)


def strs(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def sorted_strs(value: Any) -> tuple[str, ...]:
    return tuple(sorted(strs(value)))


def json_obj(value: Any) -> Any:
    if isinstance(value, str):
        return json.loads(value) if value.strip() else None
    return value


def first(block: Any) -> dict[str, Any]:
    """Terraform nested blocks are lists of objects; the first one or {}."""
    if isinstance(block, list):
        return block[0] if block and isinstance(block[0], dict) else {}
    return block if isinstance(block, dict) else {}


def positive_or_none(value: Any) -> int | None:
    """Terraform uses -1/0 for 'unset' in several places (concurrency, throttling, retention)."""
    v = as_int(value)
    return None if v is None or v < 0 else v


def arn(partition: str, service: str, region: str, account: str, resource: str) -> str:
    return f"arn:{partition}:{service}:{region}:{account}:{resource}"


def resource_policy(raw: Any) -> PolicyDocument | None:
    """A resource-based policy, or None when there is none (Kinesis answers an empty ``{}``)."""
    document = PolicyDocument.parse(blank(raw))
    return document if document is not None and document.statements else None


def escaped_resource_policy(raw: Any) -> PolicyDocument | None:
    """A resource policy that may come JSON-escaped once more (API Gateway answers
    ``{\\"Version\\":...}`` with ``\\/`` for ``/``); plain JSON is read as it is."""
    if isinstance(raw, str) and raw.lstrip().startswith('{\\"'):
        raw = json.loads(f'"{raw}"')
    return resource_policy(raw)
