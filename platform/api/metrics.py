"""``GET /metrics/{symbol}``: a market snapshot of one symbol built from its recent alerts.

The hot store holds alerts only (24 h TTL), so every figure is derived from alert records read
through ``symbol-time-index`` with ``detected_at >= now - 24 h``: one Query projecting only
``alert_type`` for the counts, and one newest-first Query that stops as soon as every figure
below is found (at most the newest 500 alerts):

* ``prices``: per exchange, the newest price found in an alert — whale_trade
  ``details.price`` (the trade's price), spread_divergence ``details.vwap_by_exchange`` or
  ``exchange_a``/``vwap_a`` + ``exchange_b``/``vwap_b`` (30 s VWAPs), volume_spike
  ``details.vwap`` / ``details.price``.
* ``spread_pct``: the newest spread_divergence ``details.spread_pct`` (with its exchange pair).
* ``volume_1h``: per exchange, from the newest volume_spike alert, ``details.baseline_mean``
  (the detector's rolling 1 h mean of the USD volume of one window) times windows per hour
  (window length from ``window_start``/``window_end``, default 60 s); an estimate, flagged as
  such.
* ``anomaly_count_24h``: every alert of the symbol in the last 24 h, with a per-type breakdown.
* ``last_whale``: the newest whale_trade alert.
* ``updated_at``: ``detected_at`` of the newest alert used (``generated_at``: when this answer
  was built).

Fields without a source in the window are ``null``; the answer says so rather than inventing
numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from coattail.api.params import ALERT_TYPES, format_timestamp
from coattail.api.store import AlertStore

WINDOW_SECONDS_DEFAULT = 60
MAX_SCANNED = 500  # newest alerts read for the figures; counts read every alert (type only)


def symbol_metrics(store: AlertStore, symbol: str, now: datetime) -> dict[str, Any]:
    since = format_timestamp(now - timedelta(hours=24))
    counts = store.type_counts(symbol, since)
    by_type = {t: counts.get(t, 0) for t in ALERT_TYPES} | counts
    prices: dict[str, dict[str, Any]] = {}
    volume_1h: dict[str, dict[str, Any]] = {}
    spread: dict[str, Any] | None = None
    last_whale: dict[str, Any] | None = None
    updated_at: Any = None
    for scanned, alert in enumerate(store.iter_recent(symbol, since)):  # newest first
        if scanned >= MAX_SCANNED:
            break
        updated_at = updated_at or alert.get("detected_at")
        kind = str(alert.get("alert_type"))
        details = alert["details"] if isinstance(alert.get("details"), dict) else {}
        for exchange, price in _prices_in(alert, details).items():
            prices.setdefault(exchange, {"price": price, "as_of": alert.get("detected_at"), "source": kind})
        if kind == "spread_divergence" and spread is None:
            spread = _spread_of(alert, details)
        if kind == "whale_trade" and last_whale is None:
            last_whale = _whale_of(alert, details)
        source_exchange = alert.get("exchange")
        if kind == "volume_spike" and isinstance(source_exchange, str) and source_exchange not in volume_1h:
            estimate = _volume_1h_of(details)
            if estimate is not None:
                volume_1h[source_exchange] = {
                    "volume": estimate,
                    "as_of": alert.get("detected_at"),
                    "estimate": True,
                }
        if spread and last_whale and len(prices) >= 2 and set(prices) <= set(volume_1h):
            break  # every figure found: stop reading
    return {
        "symbol": symbol,
        "prices": prices,
        "spread_pct": spread["spread_pct"] if spread else None,
        "spread": spread,
        "volume_1h": volume_1h,
        "anomaly_count_24h": sum(counts.values()),
        "anomaly_count_24h_by_type": by_type,
        "last_whale": last_whale,
        "updated_at": updated_at,
        "generated_at": format_timestamp(now),
    }


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if number == number and abs(number) != float("inf") else None


def _prices_in(alert: Mapping[str, Any], details: Mapping[str, Any]) -> dict[str, float]:
    out: dict[str, float] = {}
    for key in ("vwap_by_exchange", "prices", "vwaps"):
        table = details.get(key)
        if isinstance(table, dict):
            for exchange, value in table.items():
                if (number := _number(value)) is not None:
                    out[str(exchange)] = number
    for side in ("a", "b"):
        exchange = details.get(f"exchange_{side}")
        value = _number(details.get(f"vwap_{side}", details.get(f"price_{side}")))
        if isinstance(exchange, str) and value is not None:
            out.setdefault(exchange, value)
    exchange = alert.get("exchange")
    if isinstance(exchange, str):
        for key in ("price", "vwap", "last_price"):
            if (number := _number(details.get(key))) is not None:
                out.setdefault(exchange, number)
                break
    return out


def _spread_of(alert: Mapping[str, Any], details: Mapping[str, Any]) -> dict[str, Any] | None:
    value = _number(details.get("spread_pct", details.get("spread_percent")))
    if value is None:
        return None
    return {
        "spread_pct": value,
        "exchange_a": details.get("exchange_a"),
        "exchange_b": details.get("exchange_b"),
        "detected_at": alert.get("detected_at"),
        "severity": alert.get("severity"),
    }


def _whale_of(alert: Mapping[str, Any], details: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "alert_id": alert.get("alert_id"),
        "exchange": alert.get("exchange"),
        "severity": alert.get("severity"),
        "detected_at": alert.get("detected_at"),
        "price": _number(details.get("price")),
        "quantity": _number(details.get("quantity")),
        "quote_volume": _number(details.get("quote_volume")),
        "side": details.get("side"),
        "message": alert.get("message"),
    }


def _volume_1h_of(details: Mapping[str, Any]) -> float | None:
    mean = _number(details.get("baseline_mean", details.get("rolling_mean")))
    if mean is None:
        return None
    window = _window_seconds(details)
    return round(mean * 3600.0 / window, 8) if window > 0 else None


def _window_seconds(details: Mapping[str, Any]) -> float:
    start, end = details.get("window_start"), details.get("window_end")
    if isinstance(start, str) and isinstance(end, str):
        try:
            seconds = (_parse(end) - _parse(start)).total_seconds()
        except ValueError:
            return WINDOW_SECONDS_DEFAULT
        if seconds > 0:
            return seconds
    return WINDOW_SECONDS_DEFAULT


def _parse(text: str) -> datetime:
    return datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
