"""Helpers of the IAM user and account-settings checks: the review clock and credential ages."""

from __future__ import annotations

from datetime import datetime

from coattail.review.inventory import Inventory


def review_clock(inv: Inventory) -> datetime | None:
    """When the account was read (the latest source's collection time): "today" of an age check.

    Never the wall clock: a review read from a saved inventory judges the day it was collected.
    """
    taken = [s.collected_at for s in inv.sources]
    return max(taken) if taken else None


def age_days(now: datetime, then: datetime) -> int:
    return (now - then).days
