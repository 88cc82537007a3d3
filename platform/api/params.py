"""Query and path parameters, validated by declared type into frozen requests.

Every rejection is a :class:`~api.errors.BadRequest` naming the parameter and what was wrong,
so no input reaches DynamoDB unchecked and nothing a caller sends can produce a 5xx.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from coattail.api.errors import BadRequest

ALERT_TYPES = ("volume_spike", "whale_trade", "spread_divergence")
DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_TOKEN_CHARS = 4096
_SYMBOL = re.compile(r"^[A-Z0-9]{2,12}-[A-Z0-9]{2,12}$")
_LIMIT = re.compile(r"^[0-9]{1,6}$")
ALERTS_PARAMETERS = ("type", "symbol", "limit", "since", "next_token")


@dataclass(frozen=True)
class AlertsQuery:
    """``GET /alerts`` after validation. ``since`` is normalised to the stored ISO form."""

    alert_type: str | None = None
    symbol: str | None = None
    limit: int = DEFAULT_LIMIT
    since: str | None = None
    next_token: str | None = None


def parse_alerts_query(
    single: Mapping[str, str] | None,
    multi: Mapping[str, Sequence[str]] | None = None,
    allowed_symbols: Sequence[str] = (),
) -> AlertsQuery:
    """Validate the query string of ``GET /alerts`` (API Gateway's single and multi-value maps)."""
    params = dict(single or {})
    for name, values in (multi or {}).items():
        if len(values) > 1:
            raise BadRequest(f"parameter {name!r} given {len(values)} times; give it once", name)
    unknown = sorted(set(params) - set(ALERTS_PARAMETERS))
    if unknown:
        raise BadRequest(
            f"unknown query parameter {unknown[0]!r}; accepted: {', '.join(ALERTS_PARAMETERS)}", unknown[0]
        )
    return AlertsQuery(
        alert_type=parse_alert_type(params["type"]) if "type" in params else None,
        symbol=parse_symbol(params["symbol"], allowed_symbols) if "symbol" in params else None,
        limit=parse_limit(params["limit"]) if "limit" in params else DEFAULT_LIMIT,
        since=parse_since(params["since"]) if "since" in params else None,
        next_token=parse_token_text(params["next_token"]) if "next_token" in params else None,
    )


def parse_alert_type(value: str) -> str:
    if value not in ALERT_TYPES:
        raise BadRequest(f"type must be one of {', '.join(ALERT_TYPES)}; got {_show(value)}", "type")
    return value


def parse_symbol(value: str, allowed_symbols: Sequence[str] = (), parameter: str = "symbol") -> str:
    if not _SYMBOL.match(value):
        raise BadRequest(
            f"{parameter} must be a canonical BASE-QUOTE symbol such as BTC-USDT; got {_show(value)}",
            parameter,
        )
    if allowed_symbols and value not in allowed_symbols:
        raise BadRequest(
            f"{parameter} {value!r} is not a configured symbol ({', '.join(allowed_symbols)})", parameter
        )
    return value


def parse_limit(value: str) -> int:
    if not _LIMIT.match(value):
        raise BadRequest(f"limit must be an integer between 1 and {MAX_LIMIT}; got {_show(value)}", "limit")
    limit = int(value)
    if not 1 <= limit <= MAX_LIMIT:
        raise BadRequest(f"limit must be between 1 and {MAX_LIMIT}; got {limit}", "limit")
    return limit


def parse_since(value: str) -> str:
    """ISO-8601 date or date-time (``Z``/offset; naive means UTC) → ``YYYY-MM-DDTHH:MM:SS.mmmZ``."""
    text = value.strip()
    if not text or len(text) > 40:
        raise BadRequest(
            f"since must be an ISO-8601 timestamp such as 2026-11-25T12:00:00Z; got {_show(value)}", "since"
        )
    try:
        moment = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text)
    except ValueError:
        raise BadRequest(
            f"since must be an ISO-8601 timestamp such as 2026-11-25T12:00:00Z; got {_show(value)}", "since"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return format_timestamp(moment)


def parse_token_text(value: str) -> str:
    if not value or len(value) > MAX_TOKEN_CHARS:
        raise BadRequest(
            "next_token is empty or too long; pass the next_token of the previous page", "next_token"
        )
    return value


def format_timestamp(moment: datetime) -> str:
    """The alert timestamp form: ISO-8601 UTC with milliseconds and ``Z``."""
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def _show(value: str) -> str:
    return repr(value if len(value) <= 60 else value[:57] + "...")
