"""GET /metrics/{symbol} and GET /health from the seeded alerts; the Lambda entry point itself."""

from __future__ import annotations

import json
import logging
from datetime import timedelta
from typing import Any

import pytest

pytestmark = pytest.mark.emulator


def test_metrics_figures_come_from_the_symbols_alerts(recorded_app, apigw_event, seeded_table):
    app, recorder = recorded_app
    response = app.handle(apigw_event("/metrics/BTC-USDT"))
    assert response["statusCode"] == 200
    body = json.loads(response["body"])
    mine = sorted(
        (a for a in seeded_table.alerts if a["symbol"] == "BTC-USDT"), key=lambda a: a["detected_at"]
    )
    assert body["symbol"] == "BTC-USDT"
    assert body["anomaly_count_24h"] == len(mine)
    assert sum(body["anomaly_count_24h_by_type"].values()) == len(mine)
    assert body["updated_at"] == mine[-1]["detected_at"]
    whales = [a for a in mine if a["alert_type"] == "whale_trade"]
    assert body["last_whale"]["detected_at"] == whales[-1]["detected_at"]
    assert body["last_whale"]["quote_volume"] > 100_000
    spreads = [a for a in mine if a["alert_type"] == "spread_divergence"]
    assert body["spread_pct"] == pytest.approx(json.loads(spreads[-1]["details"])["spread_pct"])
    assert set(body["prices"]) == {"binance", "coinbase"}
    assert all(80_000 < p["price"] < 110_000 for p in body["prices"].values())
    for exchange in ("binance", "coinbase"):
        spikes = [a for a in mine if a["alert_type"] == "volume_spike" and a["exchange"] == exchange]
        newest_mean = json.loads(spikes[-1]["details"])["baseline_mean"]
        assert body["volume_1h"][exchange]["volume"] == pytest.approx(newest_mean * 60)
        assert body["volume_1h"][exchange]["estimate"] is True
    queries = recorder.queries()
    assert {q["IndexName"] for q in queries} == {"symbol-time-index"}
    counting = [q for q in queries if "ProjectionExpression" in q]
    assert counting and all(q["ExpressionAttributeNames"]["#proj"] == "alert_type" for q in counting)
    full_pages = [q for q in queries if "ProjectionExpression" not in q]
    assert len(full_pages) <= 5, "figures must come from the newest alerts, not a read of all of them"


def test_metrics_of_a_quiet_symbol_are_null_not_invented(recorded_app, apigw_event):
    app, _ = recorded_app
    body = json.loads(app.handle(apigw_event("/metrics/DOGE-USDT"))["body"])
    assert body["anomaly_count_24h"] == 0
    assert body["prices"] == {} and body["spread_pct"] is None and body["last_whale"] is None


def test_health_reports_alert_freshness(recorded_app, apigw_event, seeded_table):
    app, _ = recorded_app
    app.clock = lambda: seeded_table.now + timedelta(seconds=30)
    body = json.loads(app.handle(apigw_event("/health"))["body"])
    alerts = body["components"]["alerts"]
    assert alerts["status"] == "ok"
    assert alerts["newest_alert_at"] == max(a["detected_at"] for a in seeded_table.alerts)
    assert body["components"]["stream"]["status"] == "unknown"
    app.clock = lambda: seeded_table.now + timedelta(hours=1)
    stale = json.loads(app.handle(apigw_event("/health"))["body"])
    assert stale["components"]["alerts"]["status"] == "stale" and stale["status"] == "degraded"


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_lambda_handler_from_environment_logs_with_correlation_id(
    monkeypatch, endpoint_url, seeded_table, apigw_event
):
    from coattail.api import handler as api_handler
    from coattail.api.logs import JsonFormatter, api_logger

    monkeypatch.setenv("ALERTS_TABLE_NAME", seeded_table.name)
    monkeypatch.setenv("AWS_ENDPOINT_URL", endpoint_url)
    monkeypatch.setattr(api_handler, "_app", None)
    capture = _Capture()
    api_logger().addHandler(capture)
    try:
        response: dict[str, Any] = api_handler.lambda_handler(
            apigw_event("/alerts", {"type": "spread_divergence", "limit": "3"}, request_id="req-42"), None
        )
    finally:
        api_logger().removeHandler(capture)
    assert response["statusCode"] == 200
    assert response["headers"]["Access-Control-Allow-Origin"] == "*"
    assert response["headers"]["X-Correlation-Id"] == "req-42"
    assert json.loads(response["body"])["count"] == 3
    lines = [json.loads(JsonFormatter().format(r)) for r in capture.records]
    assert any(line["correlation_id"] == "req-42" and line["status"] == 200 for line in lines)


def test_missing_table_env_is_a_clear_error(monkeypatch):
    from coattail.api.app import App

    with pytest.raises(RuntimeError, match="ALERTS_TABLE_NAME"):
        App.from_environment({})
