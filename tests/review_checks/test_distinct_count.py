"""Counts in messages and thresholds count resources, not their live and Terraform views."""

from __future__ import annotations

from coattail.review.checks._common import distinct_count
from coattail.review.inventory import CloudWatchAlarm, SSMParameter
from coattail.review.model import SourceKind


def _alarm(name: str, source: SourceKind, region: str | None = "us-east-1") -> CloudWatchAlarm:
    return CloudWatchAlarm(id=f"{source.value}:{name}", name=name, source=source, region=region)


def test_two_views_of_one_alarm_count_once() -> None:
    views = [_alarm("a", SourceKind.LIVE), _alarm("a", SourceKind.TERRAFORM), _alarm("b", SourceKind.LIVE)]
    assert distinct_count(views) == 2


def test_a_view_without_region_joins_the_located_one() -> None:
    assert distinct_count([_alarm("a", SourceKind.LIVE), _alarm("a", SourceKind.TERRAFORM, None)]) == 1
    assert distinct_count([_alarm("a", SourceKind.TERRAFORM, None)]) == 1


def test_same_name_in_two_regions_or_two_types_are_two_resources() -> None:
    assert distinct_count([_alarm("a", SourceKind.LIVE), _alarm("a", SourceKind.LIVE, "eu-west-1")]) == 2
    parameter = SSMParameter(id="p", name="a", source=SourceKind.LIVE, region="us-east-1")
    assert distinct_count([_alarm("a", SourceKind.LIVE), parameter]) == 2
