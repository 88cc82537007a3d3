"""Streaming application throughput and alert latency, local mode (local[2]) on this machine.

1. Throughput: N events as JSON-lines files through the whole application — quality gate, the three
   detectors and every sink (Iceberg raw_trades/whale/volume/spread tables, DLQ zone, DynamoDB,
   CloudWatch) — timed from the files' arrival to the query finishing them (one query: the three
   detectors are branches of it).
2. Latency at a steady rate (default 1 000 events/s) through Kinesis (the emulator): each alert's
   first appearance in DynamoDB minus its ``detected_at`` (trade time for whales, window end for
   window detectors). Window alerts cannot exist before their window closes; the target is
   p95 <= window + watermark + 10 s from the window's first event, i.e. <= watermark + 10 s after
   the window end. A backfill of past minutes (event time) gives MOD-001 its baseline first; every
   30 s window diverges on every symbol (MOD-003 samples); only live alerts are measured.

Usage: python benchmarks/jobs_throughput.py [--events 300000] [--rate 1000] [--seconds 150]
       [--trigger 5] [--endpoint-url URL] [--skip-throughput | --skip-latency]
       [--driver-memory 2g] [--files-per-batch 6] [--profile-out benchmarks/results/jobs_profile.json]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import random
import signal
import statistics
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "platform"))

from coattail.core.aws import AwsTarget  # noqa: E402
from coattail.jobs.batch.aggtrades import correlation_id, iso_ms  # noqa: E402
from coattail.jobs.config import load_config  # noqa: E402
from coattail.jobs.pipeline import JobSettings, Pipeline, SourceSettings  # noqa: E402
from coattail.jobs.session import build_local_session  # noqa: E402
from coattail.jobs.sinks.iceberg import CatalogSettings  # noqa: E402

SYMBOLS = {"BTC-USDT": 50_000.0, "ETH-USDT": 3_000.0, "SOL-USDT": 150.0}
EXCHANGES = ("binance", "coinbase")
WHALE_TARGET_S = 10.0  # docs/ARCHITECTURE.md: whale alerts within 10 s
LOCAL_CORES = 2  # local[2]: the profile's events per second are for this many cores


def trade(ts: datetime, symbol: str, exchange: str, price: float, qty: float) -> dict[str, Any]:
    stamp = iso_ms(ts)
    return {
        "event_id": str(uuid.uuid4()),
        "exchange": exchange,
        "symbol": symbol,
        "price": price,
        "quantity": qty,
        "quote_volume": price * qty,
        "side": random.choice(("buy", "sell")),
        "timestamp": stamp,
        "ingestion_timestamp": iso_ms(datetime.now(UTC)),
        "correlation_id": correlation_id(exchange, symbol, stamp),
        "trade_id": str(random.randrange(10**12)),
    }


def ordinary(ts: datetime) -> dict[str, Any]:
    symbol = random.choice(list(SYMBOLS))
    price = SYMBOLS[symbol] * (1 + random.uniform(-0.0005, 0.0005))
    qty = random.uniform(0.01, 0.2) * 50_000 / SYMBOLS[symbol] / 10  # ~50-1000 USD
    return trade(ts, symbol, random.choice(EXCHANGES), price, qty)


def make_resources(target: AwsTarget, tag: str) -> dict[str, str]:
    kinesis, ddb, s3 = target.client("kinesis"), target.client("dynamodb"), target.client("s3")
    names = {"stream": f"bench-{tag}", "table": f"bench-alerts-{tag}", "bucket": f"bench-raw-{tag}"}
    kinesis.create_stream(StreamName=names["stream"], ShardCount=2)
    kinesis.get_waiter("stream_exists").wait(StreamName=names["stream"], WaiterConfig={"Delay": 1})
    ddb.create_table(
        TableName=names["table"],
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[
            {"AttributeName": "alert_id", "AttributeType": "S"},
            {"AttributeName": "detected_at", "AttributeType": "S"},
        ],
        KeySchema=[
            {"AttributeName": "alert_id", "KeyType": "HASH"},
            {"AttributeName": "detected_at", "KeyType": "RANGE"},
        ],
    )
    s3.create_bucket(Bucket=names["bucket"])
    return names


def settings(
    names: dict[str, str],
    work: Path,
    target: AwsTarget,
    source: SourceSettings,
    trigger: float,
    trade_writes: str = "auto",
) -> JobSettings:
    return JobSettings(
        source=source,
        checkpoint_dir=str(work / "checkpoint"),
        catalog=CatalogSettings(kind="sql", namespace="ctc_dev_lakehouse", warehouse=str(work / "warehouse")),
        alerts_table=names["table"],
        raw_bucket=names["bucket"],
        trigger_seconds=trigger,
        target=target,
        name=f"bench-{uuid.uuid4().hex[:6]}",
        trade_writes=trade_writes,
    )


def throughput(
    spark: Any,
    target: AwsTarget,
    events: int,
    work: Path,
    warmup: int = 50_000,
    files_per_batch: int = 4,
    trade_writes: str = "auto",
) -> dict[str, Any]:
    names = make_resources(target, uuid.uuid4().hex[:8])
    inbox = work / "inbox"
    inbox.mkdir(parents=True)
    start = datetime.now(UTC) - timedelta(minutes=30)
    pipeline = Pipeline(
        spark,
        load_config(),
        settings(
            names,
            work,
            target,
            SourceSettings(kind="files", path=str(inbox), max_files_per_trigger=files_per_batch),
            1,
            trade_writes,
        ),
    )

    staging = work / "staging"
    staging.mkdir()

    def stage(name: str, n: int, offset_s: float) -> Path:
        """Generate a file outside the inbox: generating events is not the application's time."""
        step = 1800 / max(events, 1)
        lines = [json.dumps(ordinary(start + timedelta(seconds=offset_s + i * step))) for i in range(n)]
        path = staging / name
        path.write_text("\n".join(lines) + "\n")
        return path

    stage("warmup.jsonl", warmup, 0).rename(inbox / "warmup.jsonl")  # JIT/codegen warm
    pipeline.start()
    pipeline.process_all_available()
    chunk = 50_000
    staged = [
        stage(f"part-{i:03d}.jsonl", min(chunk, events - i * chunk), 10 + i * chunk * 1800 / events)
        for i in range((events + chunk - 1) // chunk)
    ]
    load_start = os.getloadavg()[0]
    with HeapSampler(spark) as heap:
        t0 = time.perf_counter()
        for path in staged:  # the files arrive at once (an atomic rename each)
            path.rename(inbox / path.name)
        pipeline.process_all_available()
        elapsed = time.perf_counter() - t0
    timings = query_timings(pipeline, min_rows=chunk // 2)
    pipeline.stop()
    return {
        "peak_heap_bytes": heap.peak,
        "events": float(events),
        "seconds": elapsed,
        "events_per_s": events / elapsed,
        "timings": timings,
        "load": os.getloadavg()[0],
        "load_start": load_start,
        "trade_writes": trade_writes,
    }


class HeapSampler:
    """The JVM's live heap: every ``interval`` s, the heap pools' usage after their last collection
    (``getCollectionUsage``, what survived GC), summed; :attr:`peak` is the largest sum seen. Heap
    "used" alone counts garbage and sits near the maximum; what survives GC is what the job needs.
    In local mode driver and executors share this JVM."""

    def __init__(self, spark: Any, interval: float = 0.5) -> None:
        factory = spark.sparkContext._jvm.java.lang.management.ManagementFactory
        self.pools = [
            p
            for p in factory.getMemoryPoolMXBeans()
            if str(p.getType().toString()) == "Heap memory" and p.isCollectionUsageThresholdSupported()
        ]
        self.interval, self.peak = interval, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.peak = max(self.peak, sum(int(p.getCollectionUsage().getUsed()) for p in self.pools))

    def __enter__(self) -> HeapSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def write_profile(path: Path, t: dict[str, Any], args: argparse.Namespace, cores: int) -> None:
    """The Spark profile benchmarks/emr_sizing.py sizes EMR Serverless from (coattail.jobs.sizing)."""
    rows = [q["rows"] for q in t["timings"].values()]
    profile = {
        "events_per_second": round(t["events_per_s"], 1),
        "local_cores": cores,
        "rows_per_batch": round(max(rows), 1) if rows else 50_000.0 * args.files_per_batch,
        "peak_heap_bytes": t["peak_heap_bytes"],
        "driver_memory": args.driver_memory,
        "events": int(t["events"]),
        "load_average": round(t["load"], 2),
        "measured_at": f"{datetime.now(UTC):%Y-%m-%dT%H:%M:%SZ}",
        "commit": os.popen(f"git -C {ROOT} rev-parse --short HEAD").read().strip(),
    }
    path.write_text(json.dumps(profile, indent=2) + "\n")


def query_timings(pipeline: Pipeline, min_rows: int = 1) -> dict[str, dict[str, float]]:
    """Mean durations of the micro-batches that read at least ``min_rows`` rows, per query."""
    out = {}
    for query in pipeline.queries:
        batches = [p for p in query.recentProgress if p.numInputRows >= min_rows]
        if batches:
            d = [p.durationMs for p in batches]
            out[query.name.rsplit("-", 1)[-1]] = {
                "batches": len(batches),
                # Spark counts the source's rows once per branch reading it
                "rows": statistics.mean(p.numInputRows for p in batches) / len(pipeline.branches),
                "trigger_s": statistics.mean(x.get("triggerExecution", 0) for x in d) / 1000,
                "sink_s": statistics.mean(x.get("addBatch", 0) for x in d) / 1000,
                "source_s": statistics.mean(x.get("latestOffset", 0) + x.get("getBatch", 0) for x in d)
                / 1000,
            }
    return out


def latency(
    spark: Any, target: AwsTarget, rate: int, seconds: int, trigger: float, work: Path
) -> dict[str, Any]:
    names = make_resources(target, uuid.uuid4().hex[:8])
    kinesis, ddb = target.client("kinesis"), target.client("dynamodb")
    pipeline = Pipeline(
        spark,
        load_config(),
        settings(names, work, target, SourceSettings(kind="kinesis", stream_name=names["stream"]), trigger),
    )
    seen: dict[str, tuple[float, str, str]] = {}
    stop = threading.Event()
    sent = {"events": 0, "whales": 0, "divergent_windows": 0, "restarts": 0, "backfill": 0}

    # MOD-001 needs a 1 h baseline of >= 10 closed windows per key: backfill the past minutes in
    # event time first (same expected volume per key-minute as the live flow, +-3 %, in trades
    # below the whale bound), so live windows are scored; only live alerts are measured.
    live_start = datetime.now(UTC).replace(second=0, microsecond=0)
    backfill_minutes = load_config().detectors.volume_anomaly.min_baseline_windows + 2
    per_key_minute = rate * 60 / (len(SYMBOLS) * len(EXCHANGES)) * 525.0  # mean ordinary trade 525 USD
    backlog = []
    for m in range(backfill_minutes, 0, -1):
        minute = live_start - timedelta(minutes=m)
        for symbol, price in SYMBOLS.items():
            for exchange in EXCHANGES:
                volume = per_key_minute * random.uniform(0.97, 1.03)
                n = int(volume // 90_000) + 1
                backlog += [
                    trade(
                        minute + timedelta(seconds=1 + i * 58 / n),
                        symbol,
                        exchange,
                        price,
                        volume / n / price,
                    )
                    for i in range(n)
                ]
    for i in range(0, len(backlog), 500):
        records = [
            {"Data": json.dumps(e).encode(), "PartitionKey": e["symbol"]} for e in backlog[i : i + 500]
        ]
        kinesis.put_records(StreamName=names["stream"], Records=records)
    sent["backfill"] = len(backlog)
    pipeline.start()
    while datetime.now(UTC) < live_start + timedelta(minutes=1):
        time.sleep(0.2)  # the live flow starts on a minute boundary: its first window is whole
    live_start += timedelta(minutes=1)

    def poll() -> None:
        while not stop.is_set():
            for page in ddb.get_paginator("scan").paginate(TableName=names["table"]):
                now = time.time()
                for item in page["Items"]:
                    aid = item["alert_id"]["S"]
                    if aid not in seen:
                        seen[aid] = (now, item["detected_at"]["S"], item["alert_type"]["S"])
            time.sleep(0.5)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    files_start, batch_start = _files_written(work), _last_batch(pipeline)
    t_end = time.time() + seconds
    last_divergence = -1
    while time.time() < t_end:
        tick = time.time()
        now = datetime.now(UTC)
        batch = [ordinary(now) for _ in range(rate)]
        if int(tick) % 2 == 0:  # a whale every other second
            batch[0] = trade(now, "BTC-USDT", "binance", 50_000.0, 3.0)
            sent["whales"] += 1
        window = int(now.timestamp()) // 30
        if window != last_divergence:  # every 30 s window, coinbase diverges on every symbol
            # 1 % higher in enough volume (80 trades of ~91 k USD) to move the VWAP past 0.5 %
            last_divergence = window
            sent["divergent_windows"] += len(SYMBOLS)
            for k, (symbol, price) in enumerate(SYMBOLS.items()):
                for i in range(1 + 80 * k, 81 + 80 * k):
                    batch[i] = trade(now, symbol, "coinbase", price * 1.01, 90_000.0 / price)
        for i in range(0, len(batch), 500):
            records = [
                {"Data": json.dumps(e).encode(), "PartitionKey": e["symbol"]} for e in batch[i : i + 500]
            ]
            kinesis.put_records(StreamName=names["stream"], Records=records)
        sent["events"] += len(batch)
        sent["restarts"] += pipeline.heal()  # a Python worker that failed to start in time
        time.sleep(max(0.0, 1.0 - (time.time() - tick)))
    achieved = sent["events"] / seconds
    for _ in range(60):  # let the last windows close (watermark + trigger)
        sent["restarts"] += pipeline.heal()
        time.sleep(1)
    stop.set()
    poller.join()
    files_per_batch = (_files_written(work) - files_start) / max(1, _last_batch(pipeline) - batch_start)
    timings = query_timings(pipeline)
    sent["restarts"] = pipeline.restarts
    pipeline.stop()
    live = {aid: v for aid, v in seen.items() if _epoch(v[1]) >= live_start.timestamp()}

    out: dict[str, Any] = {
        "rate_target": rate,
        "rate_achieved": achieved,
        "timings": timings,
        "load": os.getloadavg()[0],
        "files_per_batch": files_per_batch,
        **sent,
    }
    for kind in ("whale_trade", "spread_divergence", "volume_spike"):
        lat = [first - _epoch(det) for first, det, k in live.values() if k == kind]
        if lat:
            q = statistics.quantiles(lat, n=20) if len(lat) > 1 else [lat[0]] * 19
            out[kind] = {"count": len(lat), "p50_s": statistics.median(lat), "p95_s": q[18]}
    return out


def _files_written(work: Path) -> int:
    """Files under the checkpoint and the warehouse (each one S3 PUT on AWS); Hadoop's .crc excluded."""
    return sum(1 for f in work.rglob("*") if f.is_file() and not f.name.endswith(".crc"))


def _last_batch(pipeline: Pipeline) -> int:
    progress = pipeline.queries[0].lastProgress if pipeline.queries else None
    return int(progress["batchId"]) if progress else 0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=300_000)
    ap.add_argument("--rate", type=int, default=1_000)
    ap.add_argument("--seconds", type=int, default=150)
    ap.add_argument(
        "--trigger", type=float, default=None, help="latency run's trigger (default: the shipped config's)"
    )
    ap.add_argument("--endpoint-url", default=None)
    ap.add_argument("--skip-throughput", action="store_true", help="only the latency measurement")
    ap.add_argument("--skip-latency", action="store_true", help="only the throughput measurement")
    ap.add_argument("--warmup", type=int, default=50_000, help="events processed before timing starts")
    ap.add_argument(
        "--driver-memory", default="1g", help="local driver (= executor) heap; 1g: the default session's"
    )
    ap.add_argument(
        "--files-per-batch", type=int, default=4, help="50,000-line files per micro-batch (throughput)"
    )
    ap.add_argument(
        "--compare-writes",
        action="store_true",
        help="throughput twice in one run: trade tables written by the driver (before), then the executors",
    )
    ap.add_argument(
        "--profile-out",
        type=Path,
        default=None,
        help="write the Spark profile (rate, peak heap, rows per batch) here for benchmarks/emr_sizing.py",
    )
    args = ap.parse_args()
    if args.trigger is None:
        args.trigger = load_config().streaming.trigger_seconds

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # run the clean-up below
    # the job's per-batch summary lines (rows, seconds per step) on stderr
    logging.basicConfig(stream=sys.stderr, format="%(asctime)s %(name)s %(message)s")
    logging.getLogger("jobs.pipeline").setLevel(logging.INFO)
    emulator = None
    endpoint = args.endpoint_url
    if endpoint is None:
        from coattail.emulator.server import EmulatorServer

        emulator = EmulatorServer(port=0).start()
        endpoint = emulator.endpoint_url
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
    target = AwsTarget(endpoint_url=endpoint)
    spark = build_local_session(
        "ctc-bench",
        cores=LOCAL_CORES,
        driver_memory=args.driver_memory,
        env={"AWS_DEFAULT_REGION": "us-east-1"},
    )
    config = load_config()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            runs = ["driver", "executors"] if args.compare_writes else ["auto"]
            measured = [
                throughput(
                    spark,
                    target,
                    args.events,
                    Path(tmp) / f"throughput-{writes}",
                    args.warmup,
                    files_per_batch=args.files_per_batch,
                    trade_writes=writes,
                )
                for writes in ([] if args.skip_throughput else runs)
            ]
            for m in measured:
                print(f"throughput done: {m}", file=sys.stderr, flush=True)
            t = (
                measured[-1]
                if measured
                else {"events": 0.0, "seconds": 1.0, "events_per_s": 0.0, "timings": {}}
            )
            if args.profile_out is not None and not args.skip_throughput:
                write_profile(args.profile_out, t, args, cores=LOCAL_CORES)
            if args.skip_latency:
                for m in measured:
                    print(throughput_line(m, args))
                    print("\n".join(timing_lines(m["timings"])))
                return
            lat = latency(spark, target, args.rate, args.seconds, args.trigger, Path(tmp) / "latency")
    finally:
        spark.stop()
        if emulator is not None:
            emulator.stop()

    print("\n".join(report(config, args, measured, lat)))


def report(
    config: Any, args: argparse.Namespace, measured: list[dict[str, Any]], lat: dict[str, Any]
) -> list[str]:
    d = config.detectors
    when = f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    lines = [
        "jobs_throughput - the streaming application in local mode (local[2], Spark 4.0.x)",
        f"machine: {platform.machine()}, {os.cpu_count()} cores,"
        f" load avg {os.getloadavg()[0]:.1f} at end, {when}",
        "",
        "1. throughput (files source; gate + MOD-001/002/003 + all sinks; one query, one parse per branch;"
        f" driver {args.driver_memory}, {args.files_per_batch} x 50,000-line files per micro-batch)",
        *(
            line
            for m in measured
            for line in (
                "   " + throughput_line(m, args) + " (target >= 50,000)",
                *timing_lines(m["timings"]),
            )
        ),
        "",
        f"2. alert latency at {lat['rate_target']} events/s via Kinesis (emulator),"
        f" trigger {args.trigger:g} s (load avg {lat['load']:.1f} when measured)",
        f"   backfill: {lat['backfill']:,} trades over the past minutes in event time (MOD-001 baseline);"
        " only alerts of the live flow are measured",
        f"   achieved input rate {lat['rate_achieved']:,.0f} events/s over {args.seconds} s;"
        f" {lat['events']:,} events, {lat['whales']} whales,"
        f" {lat['divergent_windows']} divergent (symbol, 30 s window)s,",
        f"   {lat['restarts']} query restarts (Python worker start-up timeouts under load)",
        *timing_lines(lat["timings"]),
        f"   files written per micro-batch (checkpoint + Iceberg; one S3 PUT each on AWS):"
        f" {lat['files_per_batch']:.1f}",
    ]
    targets = {
        "whale_trade": ("per record", WHALE_TARGET_S),
        "spread_divergence": (
            f"window {d.spread.window}, watermark {d.spread.watermark}",
            _secs(d.spread.watermark) + 10,
        ),
        "volume_spike": (
            f"window {d.volume_anomaly.window}, watermark {d.volume_anomaly.watermark}",
            _secs(d.volume_anomaly.watermark) + 10,
        ),
    }
    for kind, (what, bound) in targets.items():
        if kind not in lat:
            why = "none reached DynamoDB"
            lines.append(f"   {kind:18s} no alerts in this run ({what}; {why})")
            continue
        s = lat[kind]
        verdict = "within" if s["p95_s"] <= bound else "OVER"
        lines.append(
            f"   {kind:18s} n={s['count']:4d}  p50 {s['p50_s']:6.1f} s  p95 {s['p95_s']:6.1f} s"
            f" after detected_at ({what}; target p95 <= {bound:g} s: {verdict})"
        )
    lines.append(
        "   detected_at = trade time (whale) or window end (windows): a window alert cannot precede it,"
    )
    lines.append(
        "   so 'window + watermark + 10 s from the first event' = 'watermark + 10 s after detected_at'."
    )
    return lines


def throughput_line(t: dict[str, Any], args: argparse.Namespace) -> str:
    return (
        f"throughput, trade tables written by: {t['trade_writes']}: {t['events_per_s']:,.0f} events/s"
        f" ({t['events']:,.0f} events in {t['seconds']:.1f} s, driver {args.driver_memory},"
        f" {args.files_per_batch} x 50,000-line files per batch; load {t['load_start']:.1f} at start,"
        f" {t['load']:.1f} at end)"
    )


def timing_lines(timings: dict[str, dict[str, float]]) -> list[str]:
    return [
        f"   query {name:7s}: {tm['batches']:3.0f} batches of {tm['rows']:8,.0f} rows;"
        f" mean {tm['trigger_s']:5.1f} s"
        f" per batch (source read {tm['source_s']:4.1f} s, foreachBatch sinks {tm['sink_s']:4.1f} s)"
        for name, tm in timings.items()
    ]


def _epoch(iso: str) -> float:
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()


def _secs(text: str) -> float:
    value, unit = text.split()
    return float(value) * (60 if unit.startswith("minute") else 1)


if __name__ == "__main__":
    main()
