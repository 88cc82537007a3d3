"""Bad input answers 400 with a message naming the parameter; fuzzed requests never get a 5xx."""

from __future__ import annotations

import base64
import json
import random
import string
from typing import Any

import pytest

from coattail.api.errors import BadRequest
from coattail.api.params import parse_alerts_query, parse_since

# the tests on `recorded_app` need the emulator (a seeded DynamoDB table); the parsers do not
emulator = pytest.mark.emulator


@emulator
@pytest.mark.parametrize(
    ("query", "parameter", "fragment"),
    [
        ({"type": "whale"}, "type", "type must be one of"),
        ({"type": ""}, "type", "type must be one of"),
        ({"symbol": "btc-usdt"}, "symbol", "canonical BASE-QUOTE"),
        ({"symbol": "BTCUSDT"}, "symbol", "canonical BASE-QUOTE"),
        ({"limit": "0"}, "limit", "between 1 and 200"),
        ({"limit": "201"}, "limit", "between 1 and 200"),
        ({"limit": "-5"}, "limit", "integer"),
        ({"limit": "ten"}, "limit", "integer"),
        ({"limit": "1e3"}, "limit", "integer"),
        ({"since": "yesterday"}, "since", "ISO-8601"),
        ({"since": "2026-13-01"}, "since", "ISO-8601"),
        ({"next_token": "%%%not-base64"}, "next_token", "next_token"),
        ({"next_token": base64.urlsafe_b64encode(b'{"v":1}').decode()}, "next_token", "not a token"),
        ({"colour": "red"}, "colour", "unknown query parameter"),
        ({"type": ["whale_trade", "volume_spike"]}, "type", "given 2 times"),
    ],
)
def test_bad_parameters_answer_400_with_message(recorded_app, apigw_event, query, parameter, fragment):
    app, recorder = recorded_app
    response = app.handle(apigw_event("/alerts", query))
    body = json.loads(response["body"])
    assert response["statusCode"] == 400, body
    assert body["error"] == "bad_request" and body["parameter"] == parameter
    assert fragment in body["message"]
    assert recorder.calls == [], "invalid input must not reach DynamoDB"


@emulator
def test_forged_token_with_wrong_key_shape_is_400(recorded_app, apigw_event):
    app, _ = recorded_app
    from coattail.api.pagination import encode_token, query_fingerprint

    forged = encode_token(query_fingerprint("whale_trade", None, None), {"type": {"alert_id": {"N": "1"}}})
    response = app.handle(apigw_event("/alerts", {"type": "whale_trade", "next_token": forged}))
    assert response["statusCode"] == 400
    assert "wrong shape" in json.loads(response["body"])["message"]


@emulator
def test_metrics_rejects_bad_symbol(recorded_app, apigw_event):
    app, _ = recorded_app
    response = app.handle(apigw_event("/metrics/bitcoin"))
    assert response["statusCode"] == 400
    assert "BTC-USDT" in json.loads(response["body"])["message"]


@emulator
def test_unknown_route_and_method(recorded_app, apigw_event):
    app, _ = recorded_app
    assert app.handle(apigw_event("/trades"))["statusCode"] == 404
    assert app.handle(apigw_event("/alerts", method="DELETE"))["statusCode"] == 405
    preflight = app.handle(apigw_event("/alerts", method="OPTIONS"))
    assert preflight["statusCode"] == 204
    assert preflight["headers"]["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight["headers"]["Access-Control-Allow-Methods"]


def test_since_normalisation():
    assert parse_since("2026-11-25") == "2026-11-25T00:00:00.000Z"
    assert parse_since("2026-11-25T14:00:00+02:00") == "2026-11-25T12:00:00.000Z"
    assert parse_since("2026-11-25T12:00:00.123456Z") == "2026-11-25T12:00:00.123Z"
    with pytest.raises(BadRequest):
        parse_alerts_query({"since": "2026-11-25T25:00:00Z"})


def _fuzz_value(rng: random.Random) -> str:
    pools = [
        string.printable,
        "0123456789-",
        "ÄÖü€😀\u0000\u202e",
        string.ascii_letters,
    ]
    choice = rng.random()
    if choice < 0.15:
        return rng.choice(["volume_spike", "BTC-USDT", "50", "2026-11-25T00:00:00Z", "", "200", "-0", "null"])
    if choice < 0.25:
        return base64.urlsafe_b64encode(
            json.dumps({"v": 1, "f": "x", "k": {"type": rng.random()}}).encode()
        ).decode()
    return "".join(rng.choice(rng.choice(pools)) for _ in range(rng.randint(0, 80)))


@emulator
def test_fuzzed_requests_never_answer_5xx(recorded_app, apigw_event):
    app, _ = recorded_app
    rng = random.Random(20261126)
    names = ["type", "symbol", "limit", "since", "next_token", "x", "", "TYPE"]
    statuses: dict[int, int] = {}
    for _ in range(200):
        query: dict[str, Any] = {rng.choice(names): _fuzz_value(rng) for _ in range(rng.randint(0, 4))}
        path = rng.choice(
            ["/alerts", "/alerts", "/alerts/", "/metrics/" + _fuzz_value(rng).replace("/", ""), "/health"]
        )
        method = rng.choice(["GET", "GET", "GET", "POST", "OPTIONS"])
        response = app.handle(apigw_event(path, query, method=method))
        statuses[response["statusCode"]] = statuses.get(response["statusCode"], 0) + 1
        assert response["statusCode"] < 500, (path, query, response["body"])
        if response["body"]:
            json.loads(response["body"])
    assert statuses.get(400, 0) > 30 and statuses.get(200, 0) > 3, statuses
