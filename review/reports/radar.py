"""Geometry of the six-pillar radar chart, computed here so the HTML needs no chart library."""

from __future__ import annotations

import math
from dataclasses import dataclass

MAX_SCORE = 5.0


@dataclass(frozen=True)
class Axis:
    label: str
    score: float
    x: float  # end of the axis line
    y: float
    label_x: float
    label_y: float
    anchor: str  # SVG text-anchor
    point_x: float  # the score's vertex
    point_y: float


@dataclass(frozen=True)
class Radar:
    size: int
    center: float
    radius: float
    axes: tuple[Axis, ...]
    rings: tuple[str, ...]  # polygon points, one per score level 1..5
    polygon: str
    baseline_polygon: str | None

    @property
    def view_box(self) -> str:
        """Wider than tall so the side labels are never clipped."""
        pad = 80
        return f"{-pad} 0 {self.size + 2 * pad} {self.size}"


def _point(center: float, radius: float, index: int, count: int, fraction: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count  # first axis points up, clockwise
    return (
        round(center + radius * fraction * math.cos(angle), 2),
        round(center + radius * fraction * math.sin(angle), 2),
    )


def _points(center: float, radius: float, fractions: list[float]) -> str:
    n = len(fractions)
    return " ".join(f"{x},{y}" for x, y in (_point(center, radius, i, n, f) for i, f in enumerate(fractions)))


def build_radar(
    labels: list[str], scores: list[float], baseline: list[float] | None = None, size: int = 360
) -> Radar:
    """Axes, rings and the score polygon for ``labels``/``scores`` (scores on a 0..5 scale)."""
    if len(labels) != len(scores) or len(labels) < 3:
        raise ValueError("a radar chart needs at least three labels with one score each")
    center = size / 2
    radius = size / 2 - 40  # room for the top and bottom labels
    n = len(labels)
    axes = []
    for i, (label, score) in enumerate(zip(labels, scores, strict=True)):
        x, y = _point(center, radius, i, n, 1.0)
        lx, ly = _point(center, radius + 16, i, n, 1.0)
        px, py = _point(center, radius, i, n, max(0.0, min(score, MAX_SCORE)) / MAX_SCORE)
        anchor = "middle" if abs(lx - center) < 1 else ("start" if lx > center else "end")
        axes.append(Axis(label, score, x, y, lx, ly + (4 if abs(lx - center) >= 1 else 0), anchor, px, py))
    rings = tuple(_points(center, radius, [level / MAX_SCORE] * n) for level in range(1, 6))
    polygon = _points(center, radius, [min(s, MAX_SCORE) / MAX_SCORE for s in scores])
    base = None
    if baseline is not None:
        base = _points(center, radius, [min(s, MAX_SCORE) / MAX_SCORE for s in baseline])
    return Radar(size, center, radius, tuple(axes), rings, polygon, base)
