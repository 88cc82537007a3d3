"""The producer process: every enabled feed plus the trades and DLQ writers in one asyncio loop.

Shutdown (SIGTERM/SIGINT or :meth:`Producer.request_stop`): feeds close their sockets and finish the
frames already received, then the writers flush everything buffered (bounded by
``shutdown_timeout``), metrics are published one last time and a summary line is logged.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

from coattail.producer.config import ProducerConfig
from coattail.producer.connectors import binance, coinbase
from coattail.producer.feed import Feed, FeedSpec
from coattail.producer.kinesis_writer import KinesisWriter, WriterFatal
from coattail.producer.metrics import Counters, MetricsPublisher
from coattail.producer.pipeline import Router
from coattail.producer.resilience import Backoff, CircuitBreaker
from coattail.producer.symbols import SymbolMap

log = logging.getLogger("producer.app")
_CONNECTORS = {"binance": binance, "coinbase": coinbase}


@dataclass(frozen=True)
class Streams:
    trades: str
    dlq: str


def simulator_urls(base: str) -> dict[str, str]:
    """The exchange simulator serves Binance under ``/binance`` and Coinbase under ``/coinbase``."""
    base = base.rstrip("/")
    return {"binance": f"{base}/binance", "coinbase": f"{base}/coinbase"}


class Producer:
    def __init__(
        self,
        config: ProducerConfig,
        kinesis: Any,
        streams: Streams,
        *,
        cloudwatch: Any = None,
        urls: Mapping[str, str] | None = None,
    ) -> None:
        self.config = config
        self.counters = Counters()
        self.streams = streams
        self.events = KinesisWriter(
            kinesis,
            streams.trades,
            self.counters,
            kind="events",
            queue_size=config.queue_size,
            flush_interval=config.flush_interval,
        )
        self.dlq = KinesisWriter(
            kinesis,
            streams.dlq,
            self.counters,
            kind="dlq",
            queue_size=config.queue_size,
            flush_interval=config.flush_interval,
        )
        self.symbol_maps = {
            ex: SymbolMap.build(ex, config.symbols, config.quote_mapping.get(ex, {}))
            for ex in config.connectors
        }
        self.router = Router(self.events, self.dlq, self.counters, self.symbol_maps)
        self.metrics = (
            MetricsPublisher(cloudwatch, self.counters, config.metrics_interval)
            if cloudwatch is not None
            else None
        )
        all_urls = {**config.urls, **(urls or {})}
        self.feeds: dict[str, Feed] = {}
        for exchange in config.connectors:
            module, symbols = _CONNECTORS[exchange], self.symbol_maps[exchange]
            base = all_urls.get(exchange) or module.DEFAULT_URL
            spec = FeedSpec(exchange, module.stream_url(base, symbols), module.subscribe_messages(symbols))
            self.feeds[exchange] = Feed(
                spec,
                self.router.handle,
                self.counters,
                backoff=Backoff(config.backoff_initial, config.backoff_max),
                breaker=CircuitBreaker(config.circuit_threshold, config.circuit_cooldown),
                silence_timeout=config.silence_timeout,
                open_timeout=config.open_timeout,
            )
        self._stop = asyncio.Event()

    def request_stop(self) -> None:
        self._stop.set()

    async def run(self, *, handle_signals: bool = False) -> Counters:
        loop = asyncio.get_running_loop()
        if handle_signals:
            for sig in (signal.SIGTERM, signal.SIGINT):
                loop.add_signal_handler(sig, self._on_signal, sig)
        log.info(
            "producer starting",
            extra={
                "feeds": {ex: f.spec.url for ex, f in self.feeds.items()},
                "symbols": list(self.config.symbols),
                "stream": self.streams.trades,
                "dlq_stream": self.streams.dlq,
                "config_sources": list(self.config.sources),
            },
        )
        await self.check_streams()
        writers = [asyncio.create_task(w.run(), name=f"writer-{w.kind}") for w in (self.events, self.dlq)]
        feeds = [asyncio.create_task(f.run(), name=f"feed-{ex}") for ex, f in self.feeds.items()]
        metrics_stop = asyncio.Event()
        metrics = asyncio.create_task(self.metrics.run(metrics_stop)) if self.metrics else None
        stop_wait = asyncio.create_task(self._stop.wait())
        failure = await self._supervise(stop_wait, writers, feeds)
        stop_wait.cancel()
        try:
            await self._shutdown(feeds, writers)
        finally:
            metrics_stop.set()
            if metrics is not None:
                await metrics
            if handle_signals:
                for sig in (signal.SIGTERM, signal.SIGINT):
                    loop.remove_signal_handler(sig)
        log.info(
            "producer stopped",
            extra={"counters": self.counters.snapshot(), "balanced": self.counters.balanced()},
        )
        if failure is not None:
            raise failure
        return self.counters

    async def _supervise(
        self,
        stop_wait: asyncio.Task[bool],
        writers: list[asyncio.Task[None]],
        feeds: list[asyncio.Task[None]],
    ) -> BaseException | None:
        """Run until a stop request, a writer failure, or the end of every feed.

        A feed that fails fatally is logged and left stopped; the others keep flowing.
        """
        pending_feeds = set(feeds)
        while True:
            done, _ = await asyncio.wait(
                [stop_wait, *writers, *pending_feeds], return_when=asyncio.FIRST_COMPLETED
            )
            if stop_wait in done:
                return None
            for task in done & set(writers):
                error = task.exception() or RuntimeError(f"{task.get_name()} ended unexpectedly")
                log.error("writer failed; shutting down", extra={"error": repr(error)})
                return error
            for task in done & pending_feeds:
                pending_feeds.discard(task)
                log.error(
                    "feed failed and stays stopped",
                    extra={"feed": task.get_name(), "error": repr(task.exception())},
                )
            if not pending_feeds:
                last = next((t.exception() for t in feeds if t.exception()), None)
                log.error("every feed has stopped; shutting down")
                return last or RuntimeError("every feed has stopped")

    async def check_streams(self) -> None:
        """Fail fast, before connecting to any exchange, when a stream is missing or not writable."""
        for writer in (self.events, self.dlq):
            try:
                description = await asyncio.to_thread(
                    writer.client.describe_stream, StreamName=writer.stream_name, Limit=1
                )
            except ClientError as exc:
                code = exc.response.get("Error", {}).get("Code", "")
                raise WriterFatal(
                    f"Kinesis stream {writer.stream_name!r} is not usable: {code}: {exc}"
                ) from exc
            status = description["StreamDescription"]["StreamStatus"]
            if status not in ("ACTIVE", "UPDATING"):
                raise WriterFatal(f"Kinesis stream {writer.stream_name!r} is {status}, not ACTIVE")

    def _on_signal(self, sig: signal.Signals) -> None:
        log.info("signal received; draining", extra={"signal": sig.name, "buffered": self.buffered})
        self._stop.set()

    @property
    def buffered(self) -> int:
        return self.events.pending + self.dlq.pending

    async def _shutdown(self, feeds: list[asyncio.Task[None]], writers: list[asyncio.Task[None]]) -> None:
        timeout = self.config.shutdown_timeout
        await asyncio.gather(*(f.stop() for f in self.feeds.values()), return_exceptions=True)
        _, stuck = await asyncio.wait(feeds, timeout=timeout)
        for task in stuck:
            task.cancel()
        for writer, task in zip((self.events, self.dlq), writers, strict=True):
            if not task.done():  # a dead writer cannot take the close marker: do not wait on it
                closing = asyncio.create_task(writer.close())
                await asyncio.wait([closing, task], return_when=asyncio.FIRST_COMPLETED)
                if not closing.done():
                    closing.cancel()
        _, unflushed = await asyncio.wait(writers, timeout=timeout)
        if unflushed:
            log.error(
                "shutdown timeout: records not confirmed written",
                extra={"events_pending": self.events.pending, "dlq_pending": self.dlq.pending},
            )
            for task in unflushed:
                task.cancel()
