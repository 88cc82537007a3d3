"""``GET /health``: freshness of the alert feed plus, when configured, stream, job and quality.

Each component answers ``ok``, ``stale``, ``idle`` or ``unknown`` with the figures it saw and a
reason; a dependency the caller cannot read (no permission, not configured, emulator without
metrics) is ``unknown`` — never an error of the whole answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from coattail.api.params import ALERT_TYPES, format_timestamp
from coattail.api.store import AlertStore

STALE_AFTER = timedelta(minutes=15)
ITERATOR_AGE_ALARM_MS = 300_000


@dataclass(frozen=True)
class HealthSources:
    """Optional clients and names for the components beyond the alerts table."""

    cloudwatch: Any = None
    emr: Any = None
    trades_stream: str | None = None
    emr_application_id: str | None = None


def health(store: AlertStore, sources: HealthSources, now: datetime) -> dict[str, Any]:
    components = {
        "alerts": _guard(lambda: _alerts(store, now)),
        "stream": _guard(lambda: _stream(sources, now)),
        "job": _guard(lambda: _job(sources)),
        "quality": _guard(lambda: _quality(sources, now)),
    }
    known = [c["status"] for c in components.values() if c["status"] != "unknown"]
    overall = (
        "ok" if known and all(s in ("ok", "idle") for s in known) else ("degraded" if known else "unknown")
    )
    return {"status": overall, "components": components, "generated_at": format_timestamp(now)}


def _guard(read: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    try:
        return read()
    except (ClientError, BotoCoreError, ValueError) as exc:
        return {"status": "unknown", "reason": f"{type(exc).__name__}: {str(exc)[:200]}"}


def _alerts(store: AlertStore, now: datetime) -> dict[str, Any]:
    newest = {t: store.newest(t) for t in ALERT_TYPES}
    times = [str(a["detected_at"]) for a in newest.values() if a]
    if not times:
        return {"status": "idle", "reason": "no alerts in the table (TTL 24 h)", "newest_by_type": {}}
    latest = max(times)
    age = (now - _parse(latest)).total_seconds()
    return {
        "status": "ok" if age <= STALE_AFTER.total_seconds() else "stale",
        "newest_alert_at": latest,
        "newest_alert_age_seconds": round(age, 1),
        "newest_by_type": {t: (a["detected_at"] if a else None) for t, a in newest.items()},
    }


def _stream(sources: HealthSources, now: datetime) -> dict[str, Any]:
    if sources.cloudwatch is None or not sources.trades_stream:
        return {"status": "unknown", "reason": "stream metrics not configured"}
    dims = [{"Name": "StreamName", "Value": sources.trades_stream}]
    lag = _statistic(
        sources.cloudwatch, "AWS/Kinesis", "GetRecords.IteratorAgeMilliseconds", dims, "Maximum", now
    )
    incoming = _statistic(sources.cloudwatch, "AWS/Kinesis", "IncomingRecords", dims, "Sum", now)
    if lag is None and incoming is None:
        return {
            "status": "unknown",
            "reason": "no Kinesis datapoints in the last 15 minutes",
            "stream": sources.trades_stream,
        }
    status = "ok" if lag is None or lag < ITERATOR_AGE_ALARM_MS else "stale"
    return {
        "status": status,
        "stream": sources.trades_stream,
        "iterator_age_ms": lag,
        "incoming_records_15m": incoming,
    }


def _job(sources: HealthSources) -> dict[str, Any]:
    if sources.emr is None or not sources.emr_application_id:
        return {"status": "unknown", "reason": "EMR Serverless application not configured"}
    app = sources.emr.get_application(applicationId=sources.emr_application_id)["application"]
    runs = sources.emr.list_job_runs(applicationId=sources.emr_application_id, maxResults=5).get(
        "jobRuns", []
    )
    running = [r for r in runs if r.get("state") in ("SUBMITTED", "PENDING", "SCHEDULED", "RUNNING")]
    latest = runs[0] if runs else None
    return {
        "status": "ok" if running else "idle",
        "application_state": app.get("state"),
        "latest_job_run": {"id": latest.get("id"), "state": latest.get("state")} if latest else None,
        "running_job_runs": len(running),
    }


def _quality(sources: HealthSources, now: datetime) -> dict[str, Any]:
    if sources.cloudwatch is None:
        return {"status": "unknown", "reason": "quality metrics not configured"}
    counts = {
        name: _statistic(sources.cloudwatch, "CryptoPulse/Quality", name, [], "Sum", now, minutes=60)
        for name in ("RecordsProcessed", "RecordsPassed", "RecordsFailed")
    }
    processed, passed = counts["RecordsProcessed"], counts["RecordsPassed"]
    if not processed:
        return {
            "status": "unknown",
            "reason": "no quality metrics in the last hour",
            "record_counts_1h": counts,
        }
    score = round(100.0 * (passed or 0.0) / processed, 2)
    return {"status": "ok" if score >= 95 else "stale", "quality_score": score, "record_counts_1h": counts}


def _statistic(
    cloudwatch: Any,
    namespace: str,
    metric: str,
    dims: list[dict[str, str]],
    stat: str,
    now: datetime,
    minutes: int = 15,
) -> float | None:
    points = cloudwatch.get_metric_statistics(
        Namespace=namespace,
        MetricName=metric,
        Dimensions=dims,
        StartTime=now - timedelta(minutes=minutes),
        EndTime=now,
        Period=minutes * 60,
        Statistics=[stat],
    ).get("Datapoints", [])
    values = [float(p[stat]) for p in points if stat in p]
    if not values:
        return None
    return max(values) if stat == "Maximum" else sum(values)


def _parse(text: str) -> datetime:
    moment = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
