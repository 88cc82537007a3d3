"""GET /alerts against thousands of alerts in the emulator: index choice, filters, pagination."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

pytestmark = pytest.mark.emulator


def call(app: Any, event: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    response = app.handle(event)
    return response["statusCode"], json.loads(response["body"]) if response["body"] else {}


def all_pages(app: Any, apigw_event: Any, query: dict[str, str]) -> list[list[dict[str, Any]]]:
    pages, token = [], None
    while True:
        params = dict(query, **({"next_token": token} if token else {}))
        status, body = call(app, apigw_event("/alerts", params))
        assert status == 200, body
        assert body["count"] == len(body["alerts"])
        pages.append(body["alerts"])
        if not body["has_more"]:
            assert body["next_token"] is None
            return pages
        assert body["alerts"], "has_more promised a non-empty next page"
        token = body["next_token"]


def newest_first(alerts: list[dict[str, Any]]) -> bool:
    times = [a["detected_at"] for a in alerts]
    return times == sorted(times, reverse=True)


def test_type_filter_queries_type_index_newest_first(recorded_app, apigw_event, seeded_table):
    app, recorder = recorded_app
    status, body = call(app, apigw_event("/alerts", {"type": "whale_trade", "limit": "100"}))
    assert status == 200
    assert recorder.operations() == ["Query"]
    query = recorder.queries()[0]
    assert query["IndexName"] == "type-time-index"
    assert query["ScanIndexForward"] is False
    assert query["ExpressionAttributeValues"][":pk"] == {"S": "whale_trade"}
    assert "FilterExpression" not in query
    expected = sorted(
        (a for a in seeded_table.alerts if a["alert_type"] == "whale_trade"), key=lambda a: a["detected_at"]
    )
    assert body["count"] == 100 and body["has_more"] is True
    assert {a["alert_type"] for a in body["alerts"]} == {"whale_trade"}
    assert newest_first(body["alerts"])
    assert body["alerts"][0]["detected_at"] == expected[-1]["detected_at"]
    assert isinstance(body["alerts"][0]["details"], dict)


def test_symbol_filter_queries_symbol_index(recorded_app, apigw_event):
    app, recorder = recorded_app
    status, body = call(app, apigw_event("/alerts", {"symbol": "ETH-USDT"}))
    assert status == 200 and body["count"] == 50
    (query,) = recorder.queries()
    assert query["IndexName"] == "symbol-time-index"
    assert query["ExpressionAttributeValues"][":pk"] == {"S": "ETH-USDT"}
    assert {a["symbol"] for a in body["alerts"]} == {"ETH-USDT"}
    assert newest_first(body["alerts"])


def test_type_and_symbol_use_type_index_with_symbol_filter(recorded_app, apigw_event, seeded_table):
    app, recorder = recorded_app
    pages = all_pages(app, apigw_event, {"type": "volume_spike", "symbol": "SOL-USDT", "limit": "37"})
    queries = recorder.queries()
    assert {q["IndexName"] for q in queries} == {"type-time-index"}
    assert all(q["ExpressionAttributeValues"][":sym"] == {"S": "SOL-USDT"} for q in queries)
    assert "Scan" not in recorder.operations()
    got = [a["alert_id"] for page in pages for a in page]
    expected = {
        a["alert_id"]
        for a in seeded_table.alerts
        if (a["alert_type"], a["symbol"]) == ("volume_spike", "SOL-USDT")
    }
    assert len(got) == len(set(got)), "pages overlap"
    assert set(got) == expected
    assert all(len(p) == 37 for p in pages[:-1])


def test_no_filter_merges_one_query_per_type_never_scans(recorded_app, apigw_event, seeded_table):
    app, recorder = recorded_app
    status, body = call(app, apigw_event("/alerts", {"limit": "200"}))
    assert status == 200 and body["count"] == 200 and body["has_more"]
    assert "Scan" not in recorder.operations()
    queries = recorder.queries()
    assert {q["IndexName"] for q in queries} == {"type-time-index"}
    assert {q["ExpressionAttributeValues"][":pk"]["S"] for q in queries} == {
        "volume_spike",
        "whale_trade",
        "spread_divergence",
    }
    newest = sorted(seeded_table.alerts, key=lambda a: a["detected_at"], reverse=True)
    assert newest_first(body["alerts"])
    assert [a["detected_at"] for a in body["alerts"]] == [a["detected_at"] for a in newest[:200]]


def test_no_filter_pagination_is_complete_and_non_overlapping(recorded_app, apigw_event, seeded_table):
    app, _ = recorded_app
    pages = all_pages(app, apigw_event, {"limit": "200"})
    got = [a["alert_id"] for page in pages for a in page]
    assert len(got) == len(set(got)) == len(seeded_table.alerts)
    assert set(got) == {a["alert_id"] for a in seeded_table.alerts}
    flat = [a for page in pages for a in page]
    assert newest_first(flat)


def test_since_goes_into_the_key_condition(recorded_app, apigw_event, seeded_table):
    app, recorder = recorded_app
    since = seeded_table.now - timedelta(hours=2)
    since_text = since.strftime("%Y-%m-%dT%H:%M:%S+00:00")
    pages = all_pages(app, apigw_event, {"symbol": "BTC-USDT", "since": since_text, "limit": "200"})
    queries = recorder.queries()
    assert all("detected_at" in q["ExpressionAttributeNames"].values() for q in queries)
    assert all(":since" in q["KeyConditionExpression"] for q in queries)
    bound = since.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    expected = {
        a["alert_id"] for a in seeded_table.alerts if a["symbol"] == "BTC-USDT" and a["detected_at"] >= bound
    }
    got = [a["alert_id"] for page in pages for a in page]
    assert len(got) == len(set(got))
    assert set(got) == expected and expected


@pytest.mark.parametrize(("limit", "count"), [("1", 1), ("200", 200), (None, 50)])
def test_limit_bounds_accepted(recorded_app, apigw_event, limit, count):
    app, _ = recorded_app
    status, body = call(app, apigw_event("/alerts", {"limit": limit} if limit else {}))
    assert status == 200 and body["count"] == count


def test_token_of_other_filters_is_rejected(recorded_app, apigw_event):
    app, _ = recorded_app
    _, first = call(app, apigw_event("/alerts", {"type": "whale_trade", "limit": "5"}))
    status, body = call(
        app, apigw_event("/alerts", {"type": "volume_spike", "next_token": first["next_token"]})
    )
    assert status == 400 and body["parameter"] == "next_token"
    assert "different filters" in body["message"]
