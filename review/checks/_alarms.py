"""Helper for checks that require one specific alarm (metric, threshold, periods, actions)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from coattail.review.checks._common import Findings, none_found, verdict
from coattail.review.inventory import CloudWatchAlarm, Inventory


def alarm_problems(a: CloudWatchAlarm, want: dict[str, Any]) -> list[str]:
    """Differences between an alarm and the expected settings (only the keys given are compared)."""
    out = []
    for key in (
        "threshold",
        "period",
        "evaluation_periods",
        "datapoints_to_alarm",
        "comparison_operator",
        "statistic",
    ):
        if want.get(key) is not None and getattr(a, key) != want[key]:
            out.append(f"{key} {getattr(a, key)} != {want[key]}")
    if not a.has_actions:
        out.append("no enabled alarm action")
    elif want.get("action_service") and not any(f":{want['action_service']}:" in x for x in a.alarm_actions):
        out.append(f"no {want['action_service']} action")
    return out


def specific_alarm(
    inv: Inventory,
    namespace: str,
    metric: str,
    want: dict[str, Any],
    *,
    one_suffices: bool = False,
    select: Callable[[CloudWatchAlarm], bool] | None = None,
) -> Findings:
    """One finding per (selected) alarm on ``namespace``/``metric``; FAIL when none exists.

    ``one_suffices``: once one alarm meets ``want`` only those are judged (another alarm on the same
    metric at another threshold is another control, e.g. the billing auto-stop above the billing alarm).
    """
    found = [
        a
        for a in inv.cloudwatch_alarms
        if a.namespace == namespace and a.metric_name == metric and (select is None or select(a))
    ]
    if one_suffices:
        found = [a for a in found if not alarm_problems(a, want)] or found
    for a in found:
        bad = alarm_problems(a, want)
        yield verdict(
            a,
            not bad,
            f"{namespace} {metric} {a.comparison_operator} {a.threshold:g} over {a.evaluation_periods}x"
            f"{a.period}s, actions {', '.join(x.rsplit(':', 1)[-1] for x in a.alarm_actions)}"
            if a.threshold is not None
            else f"{namespace} {metric} alarm with actions",
            "; ".join(bad),
            threshold=a.threshold,
            period=a.period,
            evaluation_periods=a.evaluation_periods,
            datapoints_to_alarm=a.datapoints_to_alarm,
            comparison_operator=a.comparison_operator,
            alarm_actions=list(a.alarm_actions),
        )
    if not found:
        yield none_found(inv, CloudWatchAlarm, f"alarm on {namespace} {metric}", required=True)
