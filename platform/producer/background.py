"""Run a :class:`~producer.app.Producer` on its own event loop in a daemon thread, for synchronous code
(end-to-end tests of the streaming job, local tools)::

    from coattail.producer.background import BackgroundProducer
    from coattail.simulator import BackgroundSimulator

    with BackgroundSimulator(rate=0) as sim:
        with BackgroundProducer.for_simulator(sim.url, endpoint_url, trades_stream, dlq_stream) as producer:
            producer.wait_connected()
            sim.inject_whale("binance", "BTC-USDT", usd=2_000_000)
            producer.wait_written(1)          # the trade is in Kinesis
        counters = producer.counters          # stopped and flushed on exit
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from typing import Any

from coattail.core.aws import AwsTarget
from coattail.producer.app import Producer, Streams, simulator_urls
from coattail.producer.config import load_config
from coattail.producer.metrics import Counters


class BackgroundProducer:
    def __init__(self, producer: Producer) -> None:
        self.producer = producer
        self._loop: asyncio.AbstractEventLoop | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._main, name="producer", daemon=True)

    @classmethod
    def for_simulator(
        cls,
        simulator_url: str,
        endpoint_url: str | None,
        trades_stream: str,
        dlq_stream: str,
        *,
        region: str = "us-east-1",
        **config_overrides: Any,
    ) -> BackgroundProducer:
        """A producer of the packaged configuration (1 s flush unless overridden) fed by the simulator."""
        target = AwsTarget(region=region, endpoint_url=endpoint_url)
        config = load_config(env={}).with_overrides(**config_overrides)
        producer = Producer(
            config,
            target.client("kinesis"),
            Streams(trades_stream, dlq_stream),
            urls=simulator_urls(simulator_url),
        )
        return cls(producer)

    @property
    def counters(self) -> Counters:
        return self.producer.counters

    def _main(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        self._ready.set()
        try:
            loop.run_until_complete(self.producer.run())
        except BaseException as exc:  # surfaced by stop()
            self._error = exc
        finally:
            loop.close()

    def start(self) -> BackgroundProducer:
        self._thread.start()
        self._ready.wait()
        return self

    def stop(self, timeout: float = 60.0) -> Counters:
        """Ask the producer to stop, wait for the flush, re-raise whatever made it fail."""
        if self._loop is not None and self._thread.is_alive():
            self._loop.call_soon_threadsafe(self.producer.request_stop)
        self._thread.join(timeout)
        if self._thread.is_alive():
            raise TimeoutError(f"producer did not stop within {timeout}s")
        if self._error is not None:
            raise self._error
        return self.counters

    def __enter__(self) -> BackgroundProducer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def wait_until(
        self, predicate: Callable[[Counters], bool], timeout: float = 60.0, what: str = ""
    ) -> None:
        deadline = time.monotonic() + timeout
        while not predicate(self.counters):
            if not self._thread.is_alive():
                raise RuntimeError(
                    f"producer stopped while waiting for {what or 'a condition'}: {self._error!r}"
                )
            if time.monotonic() > deadline:
                raise TimeoutError(f"timed out after {timeout}s waiting for {what or 'a condition'}")
            time.sleep(0.05)

    def wait_connected(self, timeout: float = 60.0) -> None:
        """Every enabled feed has connected at least once."""
        feeds = self.producer.feeds.values()
        self.wait_until(lambda _: all(f.connections for f in feeds), timeout, "every feed to connect")

    def wait_written(self, events: int, dlq: int = 0, timeout: float = 60.0) -> None:
        """At least ``events`` trades and ``dlq`` rejected frames are confirmed written to Kinesis."""
        self.wait_until(
            lambda c: c.events_out >= events and c.dlq_out >= dlq, timeout, f"{events} events written"
        )
