"""One exchange feed: connect, subscribe, receive frames; reconnect with backoff behind a circuit breaker.

Retried (and counted against the breaker when the connection delivered nothing): refused or failed
connections, 5xx / 408 / 429 handshake answers, abnormal closes, silence longer than
``silence_timeout`` (no trade, no heartbeat). Fatal for this feed only (:class:`FeedFatal`; the other
feeds keep running): a malformed URL or a handshake answered with any other 4xx status (wrong path,
forbidden) — retrying cannot fix configuration. Stopping closes the socket and keeps reading until the
close completes, so nothing already received is dropped.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus, InvalidURI

from coattail.producer.metrics import Counters
from coattail.producer.resilience import Backoff, CircuitBreaker

log = logging.getLogger("producer.feed")

FrameHandler = Callable[[str, str | bytes], Awaitable[None]]
_RETRYABLE_4XX = frozenset({408, 429})


class FeedFatal(RuntimeError):
    """The feed cannot work as configured (bad URL, handshake refused with a 4xx status)."""


@dataclass
class FeedSpec:
    exchange: str
    url: str
    subscribe: list[str] = field(default_factory=list)


class Feed:
    def __init__(
        self,
        spec: FeedSpec,
        handle: FrameHandler,
        counters: Counters,
        *,
        backoff: Backoff,
        breaker: CircuitBreaker,
        silence_timeout: float = 30.0,
        open_timeout: float = 10.0,
    ) -> None:
        self.spec, self.handle, self.counters = spec, handle, counters
        self.backoff, self.breaker = backoff, breaker
        self.silence_timeout, self.open_timeout = silence_timeout, open_timeout
        self.connections = 0
        self.reconnect_delays: list[float] = []
        self.delay_bounds: list[float] = []
        self.failure: str | None = None
        self._ws: ClientConnection | None = None
        self._stopping = asyncio.Event()

    @property
    def exchange(self) -> str:
        return self.spec.exchange

    async def stop(self) -> None:
        self._stopping.set()
        if self._ws is not None:
            await self._ws.close()

    async def run(self) -> None:
        while not self._stopping.is_set():
            if not self.breaker.allows_attempt():
                await self._pause(self.breaker.remaining_cooldown())
                continue
            try:
                delivered, reason = await self._session()
            except FeedFatal as exc:
                self.failure = str(exc)
                raise
            if self._stopping.is_set():
                break
            if delivered:
                self.backoff.reset()
            else:
                self.breaker.record_failure()
            self.counters.reconnects[self.exchange] += 1
            bound = self.backoff.bound()
            delay = self.backoff.next_delay()
            self.reconnect_delays.append(delay)
            self.delay_bounds.append(bound)
            log.warning(
                "feed disconnected; reconnecting",
                extra={
                    "exchange": self.exchange,
                    "reason": reason,
                    "delay_s": round(delay, 3),
                    "circuit": self.breaker.state,
                    "consecutive_failures": self.breaker.failures,
                },
            )
            await self._pause(delay)
        log.info("feed stopped", extra={"exchange": self.exchange})

    async def _session(self) -> tuple[bool, str]:
        """One connection's life; returns (delivered at least one frame, why it ended)."""
        delivered = opened = False
        try:
            async with connect(
                self.spec.url,
                open_timeout=self.open_timeout,
                close_timeout=5,
                max_size=2**22,
                ping_interval=20,
                ping_timeout=20,
            ) as ws:
                self._ws, opened = ws, True
                self.connections += 1
                log.info("feed connected", extra={"exchange": self.exchange, "url": self.spec.url})
                for message in self.spec.subscribe:
                    await ws.send(message)
                if self._stopping.is_set():
                    await ws.close()
                while True:
                    raw = await asyncio.wait_for(ws.recv(), self.silence_timeout)
                    if not delivered:
                        delivered = True
                        self.breaker.record_success()
                    await self.handle(self.exchange, raw)
        except InvalidURI as exc:
            raise FeedFatal(f"{self.exchange}: invalid feed URL {self.spec.url!r}: {exc}") from exc
        except InvalidStatus as exc:
            status = exc.response.status_code
            if 400 <= status < 500 and status not in _RETRYABLE_4XX:
                raise FeedFatal(
                    f"{self.exchange}: {self.spec.url} refused the handshake with HTTP {status}"
                ) from exc
            return delivered, f"handshake refused: HTTP {status}"
        except TimeoutError:
            return delivered, f"silent for {self.silence_timeout}s" if opened else "open timeout"
        except ConnectionClosed as exc:
            return delivered, f"closed: {exc}"
        except (OSError, InvalidHandshake) as exc:
            return delivered, f"connect failed: {exc!r}"
        finally:
            self._ws = None
        return delivered, "ended"

    async def _pause(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), timeout=seconds)
