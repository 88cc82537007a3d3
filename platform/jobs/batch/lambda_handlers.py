"""Lambda handlers for the Step Functions batch workflow (stdlib + boto3 only).

Shipped in ``batch.zip``; wired by Terraform as ``coattail.jobs.batch.lambda_handlers.<name>``.
Configuration comes from the event first, then environment variables (Terraform sets them):
``RAW_BUCKET``, ``GLUE_DATABASE``, ``SYMBOLS`` (comma-separated canonical symbols),
``EXCHANGE_REST_URL`` (default https://api.binance.com), ``QUALITY_MAX_FAILURE_RATE`` (default 0.05).
boto3 honours ``AWS_ENDPOINT_URL`` so the same handlers run against the emulator.

Input / output shapes (all keys optional unless marked):

``historical_load``
    in:  ``{"date": "YYYY-MM-DD" (default: yesterday UTC), "symbols": ["BTC-USDT", ...],
           "raw_bucket": str, "base_url": str, "page_limit": int (default 1000)}``
    out: ``{"date": str, "raw_bucket": str, "records": int, "objects": [s3 keys],
           "per_symbol": {symbol: count}}``
    Writes JSON lines (unified trade events) to
    ``s3://<raw>/historical/dt=<date>/symbol=<symbol>/aggtrades.jsonl``.

``run_quality_checks``
    in:  ``{"date": str, "raw_bucket": str, "records": int (from historical_load),
           "max_failure_rate": float}``
    out: ``{"date": str, "records_checked": int, "records_failed": int, "failure_rate": float,
           "quality_score": float, "quality_passed": bool, "dlq_objects": {reason: count}}``
    Counts the historical records of the day and the streaming DLQ objects of the day
    (``dlq/<reason>/dt=<date>/``); ``quality_passed`` is what the workflow's Choice state reads.

``update_catalog``
    in:  ``{"date": str, "glue_database": str, "quality_score": float}``
    out: ``{"database": str, "date": str, "updated": true}``
    Records the last successful batch date and score in the Glue database parameters.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3

from coattail.jobs.batch.aggtrades import iter_agg_trades, to_trade_event

DLQ_REASONS = ("malformed", "incomplete", "invalid")


def _setting(event: dict[str, Any], key: str, env: str, default: str | None = None) -> str:
    value = event.get(key) or os.environ.get(env) or default
    if not value:
        raise ValueError(f"missing setting {key!r}: pass it in the event or set ${env}")
    return str(value)


def _day(event: dict[str, Any]) -> str:
    day = event.get("date") or (datetime.now(UTC) - timedelta(days=1)).strftime("%Y-%m-%d")
    try:
        datetime.strptime(str(day), "%Y-%m-%d")
    except ValueError as exc:
        raise ValueError(f"date must be YYYY-MM-DD, got {day!r}") from exc
    return str(day)


def _symbols(event: dict[str, Any]) -> list[str]:
    raw = event.get("symbols") or os.environ.get("SYMBOLS", "BTC-USDT,ETH-USDT,SOL-USDT")
    items = raw if isinstance(raw, list) else str(raw).split(",")
    return [s.strip() for s in items if str(s).strip()]


def historical_load(event: dict[str, Any], context: Any = None) -> dict[str, Any]:
    """Fetch one day of aggTrades per symbol and land them in the raw zone."""
    day = _day(event)
    bucket = _setting(event, "raw_bucket", "RAW_BUCKET")
    base_url = _setting(event, "base_url", "EXCHANGE_REST_URL", "https://api.binance.com")
    page_limit = int(event.get("page_limit") or 1000)
    s3 = boto3.client("s3")
    per_symbol: dict[str, int] = {}
    objects: list[str] = []
    for symbol in _symbols(event):
        rows = iter_agg_trades(base_url, symbol, day, page_limit=page_limit)
        lines = [json.dumps(to_trade_event(row, symbol)) for row in rows]
        key = f"historical/dt={day}/symbol={symbol}/aggtrades.jsonl"
        s3.put_object(Bucket=bucket, Key=key, Body=("\n".join(lines) + "\n").encode() if lines else b"")
        per_symbol[symbol] = len(lines)
        objects.append(key)
    return {
        "date": day,
        "raw_bucket": bucket,
        "records": sum(per_symbol.values()),
        "objects": objects,
        "per_symbol": per_symbol,
    }


def _count_lines(s3: Any, bucket: str, prefix: str) -> tuple[int, int]:
    """(objects, non-empty lines) under a prefix."""
    objects = lines = 0
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for item in page.get("Contents", []):
            objects += 1
            body = s3.get_object(Bucket=bucket, Key=item["Key"])["Body"].read().decode()
            lines += sum(1 for line in body.splitlines() if line.strip())
    return objects, lines


def run_quality_checks(event: dict[str, Any], context: Any = None) -> dict[str, Any]:
    """Score the day: DLQ records against all records seen (historical + DLQ)."""
    day = _day(event)
    bucket = _setting(event, "raw_bucket", "RAW_BUCKET")
    max_rate = float(event.get("max_failure_rate") or os.environ.get("QUALITY_MAX_FAILURE_RATE", "0.05"))
    s3 = boto3.client("s3")
    _, good = _count_lines(s3, bucket, f"historical/dt={day}/")
    dlq_objects: dict[str, int] = {}
    failed = 0
    for reason in DLQ_REASONS:
        objs, lines = _count_lines(s3, bucket, f"dlq/{reason}/dt={day}/")
        dlq_objects[reason] = objs
        failed += lines
    checked = good + failed
    rate = failed / checked if checked else 0.0
    return {
        "date": day,
        "records_checked": checked,
        "records_failed": failed,
        "failure_rate": round(rate, 6),
        "quality_score": round((1 - rate) * 100, 3),
        "quality_passed": checked > 0 and rate <= max_rate,
        "dlq_objects": dlq_objects,
    }


def update_catalog(event: dict[str, Any], context: Any = None) -> dict[str, Any]:
    """Record the last successful batch in the Glue database parameters."""
    day = _day(event)
    database = _setting(event, "glue_database", "GLUE_DATABASE")
    glue = boto3.client("glue")
    current = glue.get_database(Name=database)["Database"]
    parameters = dict(current.get("Parameters") or {})
    parameters["ctc_last_batch_date"] = day
    if event.get("quality_score") is not None:
        parameters["ctc_last_batch_quality_score"] = str(event["quality_score"])
    parameters["ctc_last_batch_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    database_input: dict[str, Any] = {"Name": database, "Parameters": parameters}
    if current.get("Description"):
        database_input["Description"] = current["Description"]
    if current.get("LocationUri"):
        database_input["LocationUri"] = current["LocationUri"]
    glue.update_database(Name=database, DatabaseInput=database_input)
    return {"database": database, "date": day, "updated": True}
