"""Radar chart geometry computed in Python."""

from __future__ import annotations

import math

import pytest

from coattail.review.reports.radar import build_radar


def _pts(points: str) -> list[tuple[float, ...]]:
    return [tuple(map(float, p.split(","))) for p in points.split()]


def test_vertices_sit_at_score_over_five_of_the_radius():
    radar = build_radar(list("ABCDEF"), [5, 4, 3, 2, 1, 2.5], baseline=[5] * 6)
    c, r = radar.center, radar.radius
    for (x, y), score in zip(_pts(radar.polygon), [5, 4, 3, 2, 1, 2.5], strict=True):
        assert math.hypot(x - c, y - c) == pytest.approx(r * score / 5, abs=0.02)
    first = _pts(radar.polygon)[0]
    assert first[0] == pytest.approx(c) and first[1] < c  # first axis points up
    assert len(radar.rings) == 5
    assert radar.baseline_polygon is not None
    assert _pts(radar.baseline_polygon) == _pts(radar.rings[-1])
    assert [a.anchor for a in radar.axes] == ["middle", "start", "start", "middle", "end", "end"]


def test_needs_three_matching_axes():
    with pytest.raises(ValueError, match="at least three"):
        build_radar(["a", "b"], [1, 2])
    with pytest.raises(ValueError):
        build_radar(["a", "b", "c"], [1, 2])
