"""Shared judgement of a CloudWatch dashboard: enough widgets, and every wanted metric charted."""

from __future__ import annotations

from collections.abc import Sequence

from coattail.review.checks._common import matches, unknown_attributes, verdict
from coattail.review.inventory import CloudWatchDashboard
from coattail.review.model import Finding


def judge_dashboard(d: CloudWatchDashboard, min_widgets: int, wanted: Sequence[str]) -> Finding:
    """PASS when ``d`` has at least ``min_widgets`` widgets and charts every ``namespace:metric`` of
    ``wanted`` (patterns allowed on either side); the message names what is missing."""
    charted = {f"{m.namespace}:{m.metric_name}" for m in d.metrics}
    missing = [w for w in wanted if not matches(w, charted) and not any(matches(c, [w]) for c in charted)]
    ok = d.widget_count >= min_widgets and not missing
    return unknown_attributes(d, "widgets") or verdict(
        d,
        ok,
        f"{d.widget_count} widgets charting {', '.join(sorted(charted))}",
        f"{d.widget_count} widgets (>= {min_widgets} expected), missing metrics {missing}",
        widget_count=d.widget_count,
        metrics=sorted(charted),
    )
