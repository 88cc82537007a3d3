"""Run an :class:`~simulator.server.ExchangeSimulator` on its own event loop in a daemon thread.

For synchronous code (pytest tests without asyncio, Spark end-to-end tests): every coroutine method of
the simulator becomes a blocking call here, e.g. ``bg.inject_whale("binance", "BTC-USDT", 2e6)``.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import inspect
import threading
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from coattail.simulator.server import ExchangeSimulator

T = TypeVar("T")


class BackgroundSimulator:
    def __init__(self, **kwargs: Any) -> None:
        self._kwargs = kwargs
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="exchange-simulator", daemon=True)
        self.sim: ExchangeSimulator | None = None

    def start(self) -> BackgroundSimulator:
        self._thread.start()
        self.sim = self.run(self._create())
        return self

    async def _create(self) -> ExchangeSimulator:
        return await ExchangeSimulator(**self._kwargs).start()

    def stop(self) -> None:
        if self.sim is not None:
            self.run(self.sim.stop())
            self.sim = None
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

    def __enter__(self) -> BackgroundSimulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def run(self, coro: Coroutine[Any, Any, T], timeout: float = 60.0) -> T:
        """Run a coroutine on the simulator's loop and wait for its result."""
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout)

    def submit(self, coro: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        """Start a coroutine on the simulator's loop without waiting (e.g. a long burst)."""
        return asyncio.run_coroutine_threadsafe(coro, self._loop)

    def call(self, fn: Callable[[], T]) -> T:
        """Run a plain function on the simulator's loop (state is only touched from that thread)."""

        async def wrapper() -> T:
            return fn()

        return self.run(wrapper())

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or self.__dict__.get("sim") is None:
            raise AttributeError(name)
        attr = getattr(self.sim, name)
        if inspect.iscoroutinefunction(attr):
            return lambda *a, **kw: self.run(attr(*a, **kw))
        if callable(attr):
            return lambda *a, **kw: self.call(lambda: attr(*a, **kw))
        return attr
