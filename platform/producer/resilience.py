"""Reconnect backoff with jitter and a per-feed circuit breaker (pure state machines, clock injected)."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

CLOSED, OPEN, HALF_OPEN = "closed", "open", "half_open"


@dataclass
class Backoff:
    """Exponential backoff ``initial · 2^n`` capped at ``maximum``, with "equal jitter".

    Each delay is drawn from ``[d/2, d]`` where ``d`` is the capped exponential step, so a delay never
    exceeds :meth:`bound` — the figure tests check reconnections against.
    """

    initial: float = 1.0
    maximum: float = 60.0
    rng: random.Random = field(default_factory=random.Random)
    attempt: int = 0

    def bound(self, attempt: int | None = None) -> float:
        n = self.attempt if attempt is None else attempt
        return min(self.maximum, self.initial * (2 ** min(n, 32)))

    def next_delay(self) -> float:
        step = self.bound()
        self.attempt += 1
        return step / 2 + self.rng.uniform(0, step / 2)

    def reset(self) -> None:
        self.attempt = 0


@dataclass
class CircuitBreaker:
    """closed → (``threshold`` consecutive failures) → open → (``cooldown`` s) → half-open.

    Half-open lets one attempt through: success closes the circuit, failure re-opens it.
    """

    threshold: int = 5
    cooldown: float = 120.0
    clock: Callable[[], float] = time.monotonic
    failures: int = 0
    opened_at: float | None = None
    _state: str = CLOSED
    transitions: list[str] = field(default_factory=list)

    @property
    def state(self) -> str:
        if (
            self._state == OPEN
            and self.opened_at is not None
            and self.clock() - self.opened_at >= self.cooldown
        ):
            self._move(HALF_OPEN)
        return self._state

    def allows_attempt(self) -> bool:
        return self.state != OPEN

    def remaining_cooldown(self) -> float:
        if self._state != OPEN or self.opened_at is None:
            return 0.0
        return max(0.0, self.cooldown - (self.clock() - self.opened_at))

    def record_success(self) -> None:
        self.failures = 0
        if self._state != CLOSED:
            self._move(CLOSED)

    def record_failure(self) -> None:
        self.failures += 1
        state = self.state
        if state == HALF_OPEN or (state == CLOSED and self.failures >= self.threshold):
            self.opened_at = self.clock()
            self._move(OPEN)

    def _move(self, new: str) -> None:
        self._state = new
        self.transitions.append(new)
