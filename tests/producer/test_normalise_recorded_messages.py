"""Normalisation of recorded exchange messages, field by field, against hand-written expectations."""

from __future__ import annotations

import uuid

import pytest

from coattail.producer.connectors import binance, coinbase
from coattail.producer.events import Control, Rejected, Trade, iso_from_epoch_ms, iso_ms_from_iso
from coattail.producer.symbols import SymbolMap, native_symbol, split_canonical
from coattail.simulator.protocols import MALFORMED_KINDS, malformed_frame

SYMBOLS = ("BTC-USDT", "ETH-USDT", "SOL-USDT")
BINANCE = SymbolMap.build("binance", SYMBOLS, {})
COINBASE = SymbolMap.build("coinbase", SYMBOLS, {"USD": "USDT"})
INGESTED = "2025-11-25T12:00:02.500Z"

BINANCE_TRADE = (
    '{"stream":"btcusdt@trade","data":{"e":"trade","E":1764072000124,"s":"BTCUSDT","t":5123456789,'
    '"p":"97250.50","q":"0.01500","T":1764072000123,"m":true,"M":true}}'
)
COINBASE_MATCH = (
    '{"type":"match","trade_id":700123,"maker_order_id":"ac928c66","taker_order_id":"132fb6ae",'
    '"side":"sell","size":"2.5","price":"3401.25","product_id":"ETH-USD","sequence":50,'
    '"time":"2025-11-25T12:00:01.987654Z"}'
)


def _event(result: object) -> dict[str, object]:
    assert isinstance(result, Trade), result
    return result.event


def test_binance_trade_normalised_field_by_field() -> None:
    event = _event(binance.parse(BINANCE_TRADE, BINANCE, INGESTED))
    uuid.UUID(str(event.pop("event_id")), version=4)
    assert event == {
        "exchange": "binance",
        "symbol": "BTC-USDT",
        "price": 97250.5,
        "quantity": 0.015,
        "quote_volume": 1458.7575,
        "side": "sell",  # m=true: the buyer was the maker, the aggressor sold
        "timestamp": "2025-11-25T12:00:00.123Z",  # T, not E
        "ingestion_timestamp": INGESTED,
        "correlation_id": "11e5e3f93d0a905a",  # sha256("binanceBTC-USDT2025-11-25T12:00:00.123Z")[:16]
        "trade_id": "5123456789",
    }


def test_binance_buyer_taker_is_a_buy() -> None:
    event = _event(binance.parse(BINANCE_TRADE.replace('"m":true', '"m":false'), BINANCE, INGESTED))
    assert event["side"] == "buy"


def test_coinbase_match_normalised_field_by_field() -> None:
    result = coinbase.parse(COINBASE_MATCH, COINBASE, INGESTED)
    event = _event(result)
    assert isinstance(result, Trade) and not result.replayed
    uuid.UUID(str(event.pop("event_id")), version=4)
    assert event == {
        "exchange": "coinbase",
        "symbol": "ETH-USDT",  # ETH-USD mapped through the USD -> USDT quote mapping
        "price": 3401.25,
        "quantity": 2.5,
        "quote_volume": 8503.125,
        "side": "buy",  # the maker sold, so the aggressor bought
        "timestamp": "2025-11-25T12:00:01.987Z",  # microseconds truncated to milliseconds
        "ingestion_timestamp": INGESTED,
        "correlation_id": "519fdc77ecf89a7d",  # sha256("coinbaseETH-USDT2025-11-25T12:00:01.987Z")[:16]
        "trade_id": "700123",
    }


def test_coinbase_last_match_is_a_replayed_trade_and_maker_buy_is_a_sell() -> None:
    raw = COINBASE_MATCH.replace('"type":"match"', '"type":"last_match"').replace(
        '"side":"sell"', '"side":"buy"'
    )
    result = coinbase.parse(raw, COINBASE, INGESTED)
    assert isinstance(result, Trade) and result.replayed and result.event["side"] == "sell"


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        (
            '{"type":"subscriptions","channels":[{"name":"matches","product_ids":["BTC-USD"]}]}',
            "subscriptions",
        ),
        (
            '{"type":"heartbeat","sequence":90,"last_trade_id":20,"product_id":"BTC-USD","time":"2025-11-25T12:00:00.000001Z"}',
            "heartbeat",
        ),
    ],
)
def test_coinbase_control_messages(raw: str, kind: str) -> None:
    assert coinbase.parse(raw, COINBASE, INGESTED) == Control(kind)


def test_binance_subscribe_ack_is_control() -> None:
    assert binance.parse('{"result":null,"id":1}', BINANCE, INGESTED) == Control("subscribe_ack")


@pytest.mark.parametrize("exchange", ["binance", "coinbase"])
@pytest.mark.parametrize("kind", MALFORMED_KINDS)
def test_malformed_frames_are_rejected_with_their_reason(exchange: str, kind: str) -> None:
    parse, symbols = (binance.parse, BINANCE) if exchange == "binance" else (coinbase.parse, COINBASE)
    result = parse(malformed_frame(exchange, kind, 1764072000123), symbols, INGESTED)
    assert isinstance(result, Rejected) and result.reason == kind and result.error


@pytest.mark.parametrize(
    ("raw", "reason", "fragment"),
    [
        ("[1,2]", "unexpected_message", "list"),
        (
            '{"stream":"x","data":{"e":"trade","s":"BTCUSDT","t":1,"p":"1","q":"1","T":"soon","m":true}}',
            "invalid_value",
            "epoch",
        ),
        (
            '{"stream":"x","data":{"e":"trade","s":"BTCUSDT","t":1,"p":"1","q":"0","T":5,"m":true}}',
            "invalid_value",
            "quantity",
        ),
        (
            '{"stream":"x","data":{"e":"trade","s":"BTCUSDT","t":1,"p":"NaN","q":"1","T":5,"m":true}}',
            "invalid_value",
            "price",
        ),
        (
            '{"stream":"x","data":{"e":"trade","s":"BTCUSDT","t":1,"p":"1","q":"1","T":5,"m":"yes"}}',
            "invalid_value",
            "boolean",
        ),
        ('{"code":-1121,"msg":"Invalid symbol."}', "unexpected_message", "Invalid symbol"),
    ],
)
def test_binance_bad_values_name_what_was_wrong(raw: str, reason: str, fragment: str) -> None:
    result = binance.parse(raw, BINANCE, INGESTED)
    assert isinstance(result, Rejected) and result.reason == reason and fragment in result.error


def test_coinbase_error_and_bad_time() -> None:
    err = coinbase.parse(
        '{"type":"error","message":"Failed to subscribe","reason":"bad product"}', COINBASE, ""
    )
    assert isinstance(err, Rejected) and err.reason == "exchange_error" and "bad product" in err.error
    bad = coinbase.parse(COINBASE_MATCH.replace("2025-11-25T12:00:01.987654Z", "yesterday"), COINBASE, "")
    assert isinstance(bad, Rejected) and bad.reason == "invalid_value"
    side = coinbase.parse(COINBASE_MATCH.replace('"side":"sell"', '"side":"hold"'), COINBASE, "")
    assert isinstance(side, Rejected) and "hold" in side.error


def test_timestamp_helpers() -> None:
    assert iso_from_epoch_ms(1764072000123) == "2025-11-25T12:00:00.123Z"
    assert iso_from_epoch_ms(1764072000007) == "2025-11-25T12:00:00.007Z"
    assert iso_ms_from_iso("2025-11-25T12:00:01.987654Z") == "2025-11-25T12:00:01.987Z"
    assert iso_ms_from_iso("2025-11-25T13:00:01+01:00") == "2025-11-25T12:00:01.000Z"
    assert iso_ms_from_iso("2025-11-25T12:00:01.5Z") == "2025-11-25T12:00:01.500Z"
    with pytest.raises(ValueError, match="timezone"):
        iso_ms_from_iso("2025-11-25T12:00:01")


def test_symbol_mapping_is_explicit_configuration() -> None:
    assert native_symbol("binance", "BTC-USDT", {}) == "BTCUSDT"
    assert native_symbol("coinbase", "BTC-USDT", {"USD": "USDT"}) == "BTC-USD"
    assert native_symbol("coinbase", "BTC-USDT", {}) == "BTC-USDT"  # no mapping: the USDT book
    assert COINBASE.natives == ["BTC-USD", "ETH-USD", "SOL-USD"]
    assert binance.stream_url("ws://h:1/binance", BINANCE) == (
        "ws://h:1/binance/stream?streams=btcusdt@trade/ethusdt@trade/solusdt@trade"
    )
    with pytest.raises(ValueError, match="BASE-QUOTE"):
        split_canonical("BTCUSDT")
