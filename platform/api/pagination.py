"""Opaque continuation tokens: URL-safe base64 of JSON holding DynamoDB LastEvaluatedKeys.

A token carries a fingerprint of the filters it was issued for and, per query lane (one lane
per GSI partition queried), the key to resume after. Decoding validates the shape completely —
attribute names and ``{"S": str}`` values only — so a forged or foreign token is a 400, never a
DynamoDB error.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Mapping
from typing import Any

from coattail.api.errors import BadRequest

TOKEN_VERSION = 1
Key = dict[str, dict[str, str]]


def query_fingerprint(*parts: str | None) -> str:
    text = json.dumps(list(parts))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def encode_token(fingerprint: str, lanes: Mapping[str, Key | None]) -> str:
    payload = {"v": TOKEN_VERSION, "f": fingerprint, "k": dict(lanes)}
    raw = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_token(
    token: str, fingerprint: str, lane_names: tuple[str, ...], key_attributes: Mapping[str, tuple[str, ...]]
) -> dict[str, Key | None]:
    """Lanes → start key (``None`` = from the top). Lanes absent from the token are exhausted."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        payload = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise _bad("is not a token this API issued") from None
    if (
        not isinstance(payload, dict)
        or payload.get("v") != TOKEN_VERSION
        or not isinstance(payload.get("k"), dict)
    ):
        raise _bad("is not a token this API issued")
    if payload.get("f") != fingerprint:
        raise _bad("was issued for different filters (type/symbol/since); repeat the same filters")
    lanes: dict[str, Key | None] = {}
    for lane, key in payload["k"].items():
        if lane not in lane_names:
            raise _bad(f"names an unknown query lane {str(lane)[:40]!r}")
        lanes[lane] = None if key is None else _validated_key(key, key_attributes[lane])
    if not lanes:
        raise _bad("has nothing left to read")
    return lanes


def _validated_key(key: Any, attributes: tuple[str, ...]) -> Key:
    if not isinstance(key, dict) or set(key) != set(attributes):
        raise _bad("holds a key of the wrong shape")
    out: Key = {}
    for name, value in key.items():
        if (
            not isinstance(value, dict)
            or list(value) != ["S"]
            or not isinstance(value["S"], str)
            or not 0 < len(value["S"]) <= 1024
        ):
            raise _bad("holds a key of the wrong shape")
        out[name] = {"S": value["S"]}
    return out


def _bad(why: str) -> BadRequest:
    return BadRequest(f"next_token {why}", "next_token")
