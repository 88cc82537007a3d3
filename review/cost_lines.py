"""The vocabulary of the cost estimate: priced lines, the rates of one region, one service's part.

Shared by ``coattail.review.cost`` (the core services and the summary) and
``coattail.review.cost_services`` (the services priced beside them).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from coattail.review.inventory.base import Resource
from coattail.review.model import SourceKind

HOURS_PER_MONTH = 730.0
DAYS_PER_MONTH = HOURS_PER_MONTH / 24
WEEKS_PER_MONTH = 52 / 12
GB = 1024**3

R = TypeVar("R", bound=Resource)


@dataclass
class Line:
    service: str
    item: str
    mode: str  # "active" (per hour while the demo runs) | "idle" (per day, always)
    quantity: float
    unit: str
    unit_price: float
    cost: float  # per hour (active) or per day (idle)
    resources: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "service": self.service,
            "item": self.item,
            "mode": self.mode,
            "quantity": round(self.quantity, 4),
            "unit": self.unit,
            "unit_price": self.unit_price,
            "usd_per_hour": round(self.cost, 6) if self.mode == "active" else None,
            "usd_per_day": round(self.cost, 6) if self.mode == "idle" else None,
            "resources": list(self.resources),
        }


def one_per_name(resources: Iterable[R]) -> list[R]:
    """One resource per name: the live one when several sources report the same resource."""
    chosen: dict[str, R] = {}
    for r in resources:
        if r.name not in chosen or (r.source == SourceKind.LIVE and chosen[r.name].source != SourceKind.LIVE):
            chosen[r.name] = r
    return list(chosen.values())


def beyond_free_tier(count: int, free: int, apply_free: bool) -> int:
    return max(0, count - free) if apply_free else count


@dataclass(frozen=True)
class Rates:
    """The price table of one region, its free tier and the workload assumed."""

    prices: Mapping[str, Any]
    free: Mapping[str, Any]
    workload: Mapping[str, Any]
    apply_free: bool


@dataclass
class Priced:
    """What one service's resources cost: lines, notes, and the figures the summary needs."""

    lines: list[Line] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    tail_cost: float = 0.0  # per demo session (EMR pre-initialised capacity until auto-stop)
