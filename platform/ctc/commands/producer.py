"""`ctc producer` commands: run the exchange → Kinesis producer."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import click
from botocore.exceptions import BotoCoreError, ClientError

from coattail.cli.options import aws_options, require_extras, target_from
from coattail.core.aws import discover_platform


@click.group(name="producer")
def group() -> None:
    """Exchange WebSocket feeds → Kinesis producer."""
    require_extras("platform")


@group.command("run")
@aws_options
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Producer YAML (default: the packaged producer/config.yaml).",
)
@click.option("--simulator", "simulator_url", help="Exchange simulator base URL, e.g. ws://127.0.0.1:8765.")
@click.option("--binance-url", help="Binance base URL (default wss://stream.binance.com:9443).")
@click.option("--coinbase-url", help="Coinbase feed URL (default wss://ws-feed.exchange.coinbase.com).")
@click.option("--stream", help="Trades stream name (default: discovered from SSM).")
@click.option("--dlq-stream", help="DLQ stream name (default: discovered from SSM).")
@click.option("--symbols", help="Comma-separated canonical symbols (overrides file, SSM and CTC_SYMBOLS).")
@click.option("--connectors", help="Comma-separated connectors to enable: binance,coinbase.")
@click.option("--flush-interval", type=float, help="Seconds a partial batch may wait (default 1).")
@click.option("--silence-timeout", type=float, help="Reconnect after this many silent seconds.")
@click.option("--metrics-interval", type=float, help="Seconds between PutMetricData calls.")
@click.option("--no-metrics", is_flag=True, help="Do not publish CloudWatch metrics.")
@click.option("--no-ssm-symbols", is_flag=True, help="Do not read config/symbols from SSM.")
@click.option("--log-level", default="INFO", show_default=True)
def run(
    region: str,
    profile: str | None,
    endpoint_url: str | None,
    project: str,
    environment: str,
    config_path: Path | None,
    simulator_url: str | None,
    binance_url: str | None,
    coinbase_url: str | None,
    stream: str | None,
    dlq_stream: str | None,
    symbols: str | None,
    connectors: str | None,
    flush_interval: float | None,
    silence_timeout: float | None,
    metrics_interval: float | None,
    no_metrics: bool,
    no_ssm_symbols: bool,
    log_level: str,
) -> None:
    """Stream trades from the exchanges (or the simulator) into Kinesis until SIGTERM/SIGINT."""
    from coattail.producer import jsonlog
    from coattail.producer.app import Producer, Streams, simulator_urls
    from coattail.producer.config import fetch_ssm_symbols, load_config
    from coattail.producer.feed import FeedFatal
    from coattail.producer.kinesis_writer import WriterFatal

    jsonlog.configure(log_level)
    log = logging.getLogger("producer.cli")
    target = target_from(region, profile, endpoint_url)
    ssm_symbols = None
    if not no_ssm_symbols:
        try:
            ssm_symbols = fetch_ssm_symbols(target.client("ssm"), project, environment)
        except (BotoCoreError, ClientError) as exc:
            log.warning("could not read symbols from SSM; using the file", extra={"error": repr(exc)})
    try:
        config = load_config(config_path, ssm_symbols=ssm_symbols)
        config = config.with_overrides(
            symbols=tuple(s.strip().upper() for s in symbols.split(",") if s.strip()) if symbols else None,
            connectors=tuple(c.strip().lower() for c in connectors.split(",") if c.strip())
            if connectors
            else None,
            flush_interval=flush_interval,
            silence_timeout=silence_timeout,
            metrics_interval=metrics_interval,
        )
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc
    if not (stream and dlq_stream):
        try:
            names = discover_platform(target, project, environment)
        except LookupError as exc:
            raise click.UsageError(f"{exc}; or pass --stream and --dlq-stream") from exc
        stream, dlq_stream = stream or names.trades_stream, dlq_stream or names.dlq_stream
    urls = simulator_urls(simulator_url) if simulator_url else {}
    urls.update({k: v for k, v in (("binance", binance_url), ("coinbase", coinbase_url)) if v})
    producer = Producer(
        config,
        target.client("kinesis"),
        Streams(trades=stream, dlq=dlq_stream),
        cloudwatch=None if no_metrics else target.client("cloudwatch"),
        urls=urls,
    )
    try:
        asyncio.run(producer.run(handle_signals=True))
    except (WriterFatal, FeedFatal) as exc:
        raise click.ClickException(str(exc)) from exc
