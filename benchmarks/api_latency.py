"""Handler latency of the alerts API over 10 000 alerts in the emulator: p50 / p95 per route.

Starts its own emulator (moto server with the project's fixes), creates an alerts table with the
contract schema, BatchWriteItem-s 10 000 alerts spread over 20 h, then invokes the real Lambda
entry point (``coattail.api.handler.lambda_handler``, configured from the environment like in AWS) with
API Gateway REST proxy events. Latency includes the moto round trips, so it is an upper bound of
the handler's own cost; DynamoDB on AWS answers a Query in single-digit ms.

    .venv/bin/python benchmarks/api_latency.py [--alerts 10000] [--repeat 15]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import boto3

TYPES = ("volume_spike", "whale_trade", "spread_divergence")
SYMBOLS = ("BTC-USDT", "ETH-USDT", "SOL-USDT")


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def create_table(ddb: Any, name: str) -> None:
    ddb.create_table(
        TableName=name,
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[
            {"AttributeName": a, "AttributeType": "S"}
            for a in ("alert_id", "detected_at", "alert_type", "symbol")
        ],
        KeySchema=[
            {"AttributeName": "alert_id", "KeyType": "HASH"},
            {"AttributeName": "detected_at", "KeyType": "RANGE"},
        ],
        GlobalSecondaryIndexes=[
            {
                "IndexName": index,
                "KeySchema": [
                    {"AttributeName": key, "KeyType": "HASH"},
                    {"AttributeName": "detected_at", "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            }
            for index, key in (("type-time-index", "alert_type"), ("symbol-time-index", "symbol"))
        ],
    )


def alert_item(rng: random.Random, now: datetime) -> dict[str, Any]:
    detected = now - timedelta(seconds=rng.uniform(0, 20 * 3600))
    kind, symbol = rng.choice(TYPES), rng.choice(SYMBOLS)
    exchange = None if kind == "spread_divergence" else rng.choice(("binance", "coinbase"))
    details: dict[str, Any] = {
        "volume_spike": {
            "volume": 5e5,
            "baseline_mean": 1e5,
            "z_score": 3.1,
            "window_start": iso(detected - timedelta(seconds=60)),
            "window_end": iso(detected),
        },
        "whale_trade": {"price": 97000.0, "quantity": 2.5, "quote_volume": 242500.0, "side": "buy"},
        "spread_divergence": {
            "spread_pct": 0.7,
            "exchange_a": "binance",
            "exchange_b": "coinbase",
            "vwap_a": 97100.0,
            "vwap_b": 96420.0,
        },
    }[kind]
    item = {
        "alert_id": {"S": uuid.UUID(int=rng.getrandbits(128)).hex},
        "alert_type": {"S": kind},
        "module_id": {"S": "MOD-00" + str(TYPES.index(kind) + 1)},
        "symbol": {"S": symbol},
        "exchange": {"S": exchange} if exchange else {"NULL": True},
        "severity": {"S": rng.choice(("medium", "high"))},
        "detected_at": {"S": iso(detected)},
        "message": {"S": f"{kind} {symbol}"},
        "ttl_epoch": {"N": str(int(detected.timestamp()) + 86400)},
        "details": {"S": json.dumps(details)},
    }
    return item


def event(path: str, query: dict[str, str] | None = None) -> dict[str, Any]:
    resource = "/metrics/{symbol}" if path.startswith("/metrics/") else path
    return {
        "resource": resource,
        "path": path,
        "httpMethod": "GET",
        "headers": {"Accept": "application/json"},
        "queryStringParameters": query or None,
        "multiValueQueryStringParameters": {k: [v] for k, v in (query or {}).items()} or None,
        "pathParameters": {"symbol": path.split("/")[2]} if resource != path else None,
        "requestContext": {"requestId": str(uuid.uuid4()), "stage": "bench", "resourcePath": resource},
        "body": None,
        "isBase64Encoded": False,
    }


class DynamoDbClock:
    """Time spent inside DynamoDB calls of one client (botocore before-call / after-call events)."""

    def __init__(self, client: Any) -> None:
        self.total_ms, self.calls, self._started = 0.0, 0, 0.0
        client.meta.events.register("before-call.dynamodb", self._before)
        client.meta.events.register("after-call.dynamodb", self._after)

    def reset(self) -> None:
        self.total_ms, self.calls = 0.0, 0

    def _before(self, **_: Any) -> None:
        self._started = time.perf_counter()

    def _after(self, **_: Any) -> None:
        self.total_ms += (time.perf_counter() - self._started) * 1000
        self.calls += 1


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--alerts", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
    os.environ["AWS_DEFAULT_REGION"] = "us-east-1"
    from coattail.emulator.server import EmulatorServer

    server = EmulatorServer(port=0, log_dir=Path(tempfile.mkdtemp(prefix="ctc-bench-")))
    server.start()
    try:
        ddb = boto3.client("dynamodb", endpoint_url=server.endpoint_url, region_name="us-east-1")
        table = "ctc-bench-alerts"
        create_table(ddb, table)
        rng, now = random.Random(1), datetime.now(UTC)
        started = time.perf_counter()
        items = [alert_item(rng, now) for _ in range(args.alerts)]
        for i in range(0, len(items), 25):
            pending: dict[str, Any] = {table: [{"PutRequest": {"Item": it}} for it in items[i : i + 25]]}
            while pending:
                pending = ddb.batch_write_item(RequestItems=pending).get("UnprocessedItems") or {}
        load_s = time.perf_counter() - started

        os.environ["ALERTS_TABLE_NAME"] = table
        os.environ["AWS_ENDPOINT_URL"] = server.endpoint_url
        from coattail.api import handler as api_handler
        from coattail.api.logs import api_logger

        api_logger().setLevel(logging.WARNING)  # one JSON line per request would drown the figures

        since = iso(now - timedelta(hours=1))
        routes = {
            "GET /alerts (no filter)": ("/alerts", {}),
            "GET /alerts?type=whale_trade": ("/alerts", {"type": "whale_trade"}),
            "GET /alerts?symbol=BTC-USDT": ("/alerts", {"symbol": "BTC-USDT"}),
            "GET /alerts?type&symbol": ("/alerts", {"type": "volume_spike", "symbol": "ETH-USDT"}),
            "GET /alerts?since=1h&limit=200": ("/alerts", {"since": since, "limit": "200"}),
            "GET /metrics/BTC-USDT": ("/metrics/BTC-USDT", None),
        }
        api_handler.lambda_handler(event("/alerts"), None)  # cold start outside the figures
        assert api_handler._app is not None
        in_dynamodb = DynamoDbClock(api_handler._app.store.client)
        lines = [
            f"api_latency: {args.alerts} alerts in the emulator (loaded in {load_s:.1f} s), "
            f"{args.repeat} calls per route through api_handler.lambda_handler",
            f"machine: {platform.machine()} {os.cpu_count()} cpu, python {platform.python_version()}, "
            f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
            "total = handler wall time incl. moto round trips; own = total minus time in DynamoDB calls",
            f"{'route':<34} {'p50 ms':>8} {'p95 ms':>8} {'own p50':>8} {'own p95':>8}"
            f" {'calls':>5} {'items':>5}",
        ]
        for name, (path, query) in routes.items():
            timings, own, count = [], [], 0
            for _ in range(args.repeat):
                in_dynamodb.reset()
                t0 = time.perf_counter()
                response = api_handler.lambda_handler(event(path, query), None)
                timings.append((time.perf_counter() - t0) * 1000)
                own.append(timings[-1] - in_dynamodb.total_ms)
                assert response["statusCode"] == 200, response["body"]
                body = json.loads(response["body"])
                count = body.get("count", body.get("anomaly_count_24h", 0))
            lines.append(
                f"{name:<34} {statistics.median(timings):>8.1f} {percentile(timings, 0.95):>8.1f} "
                f"{statistics.median(own):>8.1f} {percentile(own, 0.95):>8.1f} "
                f"{in_dynamodb.calls:>5} {count:>5}"
            )
            print(lines[-1], file=sys.stderr, flush=True)
        print("\n".join(lines))
    finally:
        server.stop()


if __name__ == "__main__":
    main()
