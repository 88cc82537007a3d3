"""Historical loader and the Step Functions Lambda handlers, replaying recorded aggTrades pages
from a local HTTP server into the emulator's S3 and Glue."""

from __future__ import annotations

import io
import json
import threading
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pyarrow.parquet as pq
import pytest

from coattail.jobs.batch import lambda_handlers
from coattail.jobs.batch.aggtrades import iter_agg_trades, to_trade_event
from coattail.jobs.batch.historical import load_day, parquet_key

RECORDED = json.loads((Path(__file__).parent / "data" / "aggtrades_btcusdt_2026-11-24.json").read_text())
DAY = RECORDED["day"]
IN_DAY = [row for page in RECORDED["pages"] for row in page][:7]


class _Replay(BaseHTTPRequestHandler):
    requests: list[dict[str, list[str]]] = []

    def do_GET(self) -> None:
        url = urlparse(self.path)
        query = parse_qs(url.query)
        type(self).requests.append(query)
        pages = RECORDED["pages"]
        body: object
        if url.path != "/api/v3/aggTrades" or query.get("symbol") != ["BTCUSDT"]:
            body, status = {"code": -1121, "msg": "Invalid symbol."}, 400
        elif "fromId" in query:
            from_id = int(query["fromId"][0])
            body, status = next((p for p in pages if p and p[0]["a"] == from_id), []), 200
        else:
            body, status = pages[0], 200
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture()
def exchange_rest() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Replay)
    _Replay.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_agg_trades_are_walked_page_by_page_and_stop_at_day_end(exchange_rest):
    rows = list(iter_agg_trades(exchange_rest, "BTC-USDT", DAY, page_limit=3))
    assert [r["a"] for r in rows] == [r["a"] for r in IN_DAY]
    first, *rest = _Replay.requests
    assert "startTime" in first and first["limit"] == ["3"]
    assert [q["fromId"] for q in rest] == [[str(IN_DAY[3]["a"])], [str(IN_DAY[6]["a"])]]


def test_agg_trade_becomes_a_unified_trade_event():
    row = IN_DAY[0]
    event = to_trade_event(row, "BTC-USDT")
    assert event == to_trade_event(row, "BTC-USDT") | {"ingestion_timestamp": event["ingestion_timestamp"]}
    assert event["timestamp"] == "2026-11-24T00:00:01.234Z"
    assert event["side"] == "sell"  # buyer was maker -> the aggressor sold
    assert event["quote_volume"] == pytest.approx(float(row["p"]) * float(row["q"]))
    assert event["trade_id"] == str(row["a"]) and len(event["correlation_id"]) == 16


@pytest.mark.emulator
def test_historical_load_writes_parquet_by_date_and_symbol(exchange_rest, aws):
    s3 = aws("s3")
    bucket = f"ctc-jobs-hist-{uuid.uuid4().hex[:8]}"
    s3.create_bucket(Bucket=bucket)
    result = load_day(s3, bucket, DAY, ["BTC-USDT"], exchange_rest, page_limit=3)
    assert result.rows == {"BTC-USDT": len(IN_DAY)} and result.objects == [parquet_key(DAY, "BTC-USDT")]
    body = s3.get_object(Bucket=bucket, Key=parquet_key(DAY, "BTC-USDT"))["Body"].read()
    table = pq.read_table(io.BytesIO(body))
    assert table.num_rows == len(IN_DAY)
    assert table["trade_id"].to_pylist() == [str(r["a"]) for r in IN_DAY]
    assert {t.date().isoformat() for t in table["timestamp"].to_pylist()} == {DAY}


@pytest.mark.emulator
def test_step_functions_handlers_against_the_emulator(exchange_rest, aws, endpoint_url, monkeypatch):
    monkeypatch.setenv("AWS_ENDPOINT_URL", endpoint_url)
    s3, glue = aws("s3"), aws("glue")
    bucket = f"ctc-jobs-sfn-{uuid.uuid4().hex[:8]}"
    database = f"ctc_jobs_{uuid.uuid4().hex[:8]}"
    s3.create_bucket(Bucket=bucket)
    glue.create_database(DatabaseInput={"Name": database, "Description": "test lakehouse"})
    monkeypatch.setenv("RAW_BUCKET", bucket)
    monkeypatch.setenv("GLUE_DATABASE", database)

    loaded = lambda_handlers.historical_load(
        {"date": DAY, "symbols": ["BTC-USDT"], "base_url": exchange_rest, "page_limit": 3}
    )
    assert loaded["records"] == len(IN_DAY) and loaded["per_symbol"] == {"BTC-USDT": len(IN_DAY)}
    lines = s3.get_object(Bucket=bucket, Key=loaded["objects"][0])["Body"].read().decode().splitlines()
    assert [json.loads(line)["trade_id"] for line in lines] == [str(r["a"]) for r in IN_DAY]

    s3.put_object(Bucket=bucket, Key=f"dlq/invalid/dt={DAY}/x.jsonl", Body=b'{"reason": "invalid"}\n')
    checked = lambda_handlers.run_quality_checks({"date": DAY, "max_failure_rate": 0.2})
    assert checked["records_checked"] == len(IN_DAY) + 1 and checked["records_failed"] == 1
    assert checked["quality_passed"] is True and checked["dlq_objects"] == {
        "malformed": 0,
        "incomplete": 0,
        "invalid": 1,
    }
    strict = lambda_handlers.run_quality_checks({"date": DAY, "max_failure_rate": 0.01})
    assert strict["quality_passed"] is False

    updated = lambda_handlers.update_catalog({"date": DAY, "quality_score": checked["quality_score"]})
    assert updated == {"database": database, "date": DAY, "updated": True}
    params = glue.get_database(Name=database)["Database"]["Parameters"]
    assert params["ctc_last_batch_date"] == DAY and params["ctc_last_batch_quality_score"] == str(
        checked["quality_score"]
    )

    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        lambda_handlers.run_quality_checks({"date": "24/11/2026"})


def test_lambda_bundle_modules_import_only_stdlib_and_boto3():
    import ast
    import sys

    allowed = set(sys.stdlib_module_names) | {"boto3", "botocore", "__future__"}
    for module in (lambda_handlers.__file__, Path(lambda_handlers.__file__).with_name("aggtrades.py")):
        tree = ast.parse(Path(module).read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] in allowed or name == "coattail.jobs.batch.aggtrades", (
                    module,
                    name,
                )
