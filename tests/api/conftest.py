"""Fixtures of the API tests: an alerts table in the emulator seeded with thousands of alerts,
API Gateway REST proxy events, and an App whose DynamoDB calls are recorded."""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

SYMBOLS = ("BTC-USDT", "ETH-USDT", "SOL-USDT")
TYPES = ("volume_spike", "whale_trade", "spread_divergence")
EXCHANGES = ("binance", "coinbase")
SEED_COUNT = 3000


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def create_alerts_table(client: Any, name: str) -> None:
    """The contract schema of ``ctc-dev-alerts`` (hash alert_id, range detected_at, two GSIs)."""
    keys = [
        {"AttributeName": a, "AttributeType": "S"}
        for a in ("alert_id", "detected_at", "alert_type", "symbol")
    ]
    client.create_table(
        TableName=name,
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=keys,
        KeySchema=[
            {"AttributeName": "alert_id", "KeyType": "HASH"},
            {"AttributeName": "detected_at", "KeyType": "RANGE"},
        ],
        GlobalSecondaryIndexes=[
            {
                "IndexName": index,
                "KeySchema": [
                    {"AttributeName": hash_key, "KeyType": "HASH"},
                    {"AttributeName": "detected_at", "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            }
            for index, hash_key in (("type-time-index", "alert_type"), ("symbol-time-index", "symbol"))
        ],
    )
    client.get_waiter("table_exists").wait(TableName=name)


def make_alert(
    rng: random.Random, detected: datetime, alert_type: str | None = None, symbol: str | None = None
) -> dict[str, Any]:
    """One alert record as the streaming job writes it (``details`` a JSON string)."""
    alert_type = alert_type or rng.choice(TYPES)
    symbol = symbol or rng.choice(SYMBOLS)
    exchange: str | None = rng.choice(EXCHANGES)
    base = {"BTC-USDT": 97000.0, "ETH-USDT": 3400.0, "SOL-USDT": 240.0}[symbol]
    price = round(base * (1 + rng.uniform(-0.01, 0.01)), 2)
    if alert_type == "whale_trade":
        quantity = round(rng.uniform(150_000, 1_500_000) / price, 6)
        quote = price * quantity
        severity = "critical" if quote > 1_000_000 else "high" if quote > 500_000 else "medium"
        details: dict[str, Any] = {"price": price, "quantity": quantity, "quote_volume": quote, "side": "buy"}
        message = f"Whale {symbol} on {exchange}: {quote:,.0f} USD"
    elif alert_type == "volume_spike":
        z = rng.uniform(2.6, 5.0)
        severity = "high" if z > 3.5 else "medium"
        mean = rng.uniform(50_000, 400_000)
        details = {
            "window_start": iso(detected - timedelta(seconds=60)),
            "window_end": iso(detected),
            "volume": mean * (1 + z * 0.3),
            "trade_count": rng.randint(10, 900),
            "baseline_mean": mean,
            "baseline_stddev": mean * 0.3,
            "baseline_windows": 60,
            "z_score": z,
        }
        message = f"Volume spike {symbol} on {exchange}: z={z:.2f}"
    else:
        exchange = None
        spread = rng.choice((-1, 1)) * rng.uniform(0.51, 1.5)
        severity = "medium"
        details = {
            "window_start": iso(detected - timedelta(seconds=30)),
            "window_end": iso(detected),
            "spread_pct": spread,
            "exchange_a": "binance",
            "exchange_b": "coinbase",
            "vwap_a": price,
            "vwap_b": round(price / (1 + spread / 100), 2),
        }
        message = f"Spread {symbol}: {spread:.2f}%"
    detected_at = iso(detected)
    details["_lineage"] = {"module_id": "MOD", "pipeline_version": "test"}
    return {
        "alert_id": uuid.UUID(int=rng.getrandbits(128)).hex,
        "alert_type": alert_type,
        "module_id": {"volume_spike": "MOD-001", "whale_trade": "MOD-002", "spread_divergence": "MOD-003"}[
            alert_type
        ],
        "symbol": symbol,
        "exchange": exchange,
        "severity": severity,
        "detected_at": detected_at,
        "message": message,
        "ttl_epoch": int(detected.timestamp()) + 86400,
        "details": json.dumps(details),
    }


def to_item(alert: dict[str, Any]) -> dict[str, Any]:
    item: dict[str, Any] = {}
    for name, value in alert.items():
        if value is None:
            item[name] = {"NULL": True}
        elif isinstance(value, int):
            item[name] = {"N": str(value)}
        else:
            item[name] = {"S": str(value)}
    return item


def batch_write(client: Any, table: str, alerts: list[dict[str, Any]]) -> None:
    for start in range(0, len(alerts), 25):
        requests = [{"PutRequest": {"Item": to_item(a)}} for a in alerts[start : start + 25]]
        pending: dict[str, Any] = {table: requests}
        while pending:
            pending = client.batch_write_item(RequestItems=pending).get("UnprocessedItems") or {}


def seed_alerts(count: int, now: datetime, seed: int = 7) -> list[dict[str, Any]]:
    """``count`` alerts over the last 20 hours, some sharing a timestamp (ties must still page)."""
    rng = random.Random(seed)
    alerts = []
    for i in range(count):
        offset = rng.uniform(0, 20 * 3600) if i % 10 else float((i // 10) % 50)  # ties near now
        alerts.append(make_alert(rng, now - timedelta(seconds=offset)))
    return alerts


@dataclass
class SeededTable:
    name: str
    alerts: list[dict[str, Any]]
    now: datetime
    extra: list[dict[str, Any]] = field(default_factory=list)


@pytest.fixture(scope="session")
def seeded_table(aws: Callable[[str], Any]) -> SeededTable:
    client = aws("dynamodb")
    name = f"ctc-apitest-alerts-{uuid.uuid4().hex[:8]}"
    create_alerts_table(client, name)
    now = datetime.now(UTC)
    alerts = seed_alerts(SEED_COUNT, now)
    batch_write(client, name, alerts)
    return SeededTable(name, alerts, now)


@dataclass
class Recorder:
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def __call__(self, params: dict[str, Any], model: Any, **_: Any) -> None:
        self.calls.append((model.name, dict(params)))

    def operations(self) -> list[str]:
        return [name for name, _ in self.calls]

    def queries(self) -> list[dict[str, Any]]:
        return [params for name, params in self.calls if name == "Query"]


@pytest.fixture
def recorded_app(aws: Callable[[str], Any], seeded_table: SeededTable) -> Iterator[tuple[Any, Recorder]]:
    """An App on the seeded table whose every DynamoDB call is recorded (botocore events)."""
    from coattail.api.app import App
    from coattail.api.store import AlertStore

    client = aws("dynamodb")
    recorder = Recorder()
    client.meta.events.register("provide-client-params.dynamodb.*", recorder)
    yield App(store=AlertStore(client, seeded_table.name)), recorder


@pytest.fixture(scope="session")
def apigw_event() -> Callable[..., dict[str, Any]]:
    """Build an API Gateway REST proxy (payload 1.0) event as API Gateway sends it."""

    def build(
        path: str,
        query: dict[str, str | list[str]] | None = None,
        method: str = "GET",
        path_parameters: dict[str, str] | None = None,
        request_id: str | None = None,
    ) -> dict[str, Any]:
        multi = {k: (v if isinstance(v, list) else [v]) for k, v in (query or {}).items()}
        single = {k: v[-1] for k, v in multi.items()}
        resource = "/metrics/{symbol}" if path.startswith("/metrics/") else path
        if path.startswith("/metrics/") and path_parameters is None:
            path_parameters = {"symbol": path.split("/", 2)[2]}
        rid = request_id or str(uuid.uuid4())
        return {
            "resource": resource,
            "path": path,
            "httpMethod": method,
            "headers": {"Accept": "application/json", "Host": "abc123.execute-api.us-east-1.amazonaws.com"},
            "multiValueHeaders": {"Accept": ["application/json"]},
            "queryStringParameters": single or None,
            "multiValueQueryStringParameters": multi or None,
            "pathParameters": path_parameters,
            "stageVariables": None,
            "requestContext": {
                "resourcePath": resource,
                "httpMethod": method,
                "path": f"/dev{path}",
                "stage": "dev",
                "requestId": rid,
                "accountId": "123456789012",
                "apiId": "abc123",
                "identity": {"sourceIp": "127.0.0.1", "userAgent": "pytest"},
                "protocol": "HTTP/1.1",
            },
            "body": None,
            "isBase64Encoded": False,
        }

    return build


@pytest.fixture(scope="session")
def alerts_kit() -> Any:
    """The helpers above for test modules (conftest modules are not importable by tests)."""
    from types import SimpleNamespace

    return SimpleNamespace(
        create_table=create_alerts_table,
        batch_write=batch_write,
        make_alert=make_alert,
        to_item=to_item,
        iso=iso,
    )
