"""Cases for the CloudTrail encryption, delivery and Lake Formation audit checks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from coattail.review.inventory import CloudTrailTrail, LakeFormationSettings
from coattail.review.inventory import ManagementEventSelector as Sel
from coattail.review.model import SourceKind, SourceRun

READ_AT = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
RUN = SourceRun(kind=SourceKind.LIVE, target="123456789012/us-east-1", collected_at=READ_AT, ok=True)
KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"


def _trail(b: Any, name: str, **attrs: Any) -> CloudTrailTrail:
    good: dict[str, Any] = {"s3_bucket": "audit", "is_logging": True, "is_multi_region": True}
    return b.make(CloudTrailTrail, name, **{**good, **attrs})


def _planned(name: str, **attrs: Any) -> CloudTrailTrail:
    return CloudTrailTrail(
        id=f"aws_cloudtrail.{name}",
        name=name,
        source=SourceKind.TERRAFORM,
        tf_address=f"aws_cloudtrail.{name}",
        **attrs,
    )


LF = "lakeformation.amazonaws.com"


def _lake_formation_audit(b: Any) -> list[Any]:
    R, P, F, U, NA = b.Row, b.PASS, b.FAIL, b.UNKNOWN, b.NA
    lf = b.make(LakeFormationSettings, "settings")

    def trail(name: str, *selectors: Sel, **attrs: Any) -> CloudTrailTrail:
        return _trail(b, name, management_event_selectors=selectors, **attrs)

    every = Sel(read_write="All")
    return [
        R(b.inventory(lf, trail("audit", every)), {P: {"audit"}}),
        # read and write from two selectors (advanced form) add up
        R(
            b.inventory(lf, trail("split", Sel(read_write="ReadOnly"), Sel(read_write="WriteOnly"))),
            {P: {"split"}},
        ),
        R(b.inventory(lf, trail("only-lf", Sel(read_write="All", event_sources=(LF,)))), {P: {"only-lf"}}),
        # write-only loses GetDataAccess; excluding the source or listing others loses everything
        R(b.inventory(lf, trail("writes", Sel(read_write="WriteOnly"))), {F: {"writes"}}),
        R(b.inventory(lf, trail("reads", Sel(read_write="ReadOnly"))), {F: {"reads"}}),
        R(b.inventory(lf, trail("excl", Sel(read_write="All", excluded_sources=(LF,)))), {F: {"excl"}}),
        R(
            b.inventory(lf, trail("s3", Sel(read_write="All", event_sources=("s3.amazonaws.com",)))),
            {F: {"s3"}},
        ),
        R(b.inventory(lf, trail("data-only")), {F: {"data-only"}}),
        R(b.inventory(lf, trail("off", every, is_logging=False)), {F: {"off"}}),
        # one finding per account: the trail that records them
        R(
            b.inventory(lf, trail("a-writes", Sel(read_write="WriteOnly")), trail("b-all", every)),
            {P: {"b-all"}},
        ),
        # selectors not reported: not evidenced
        R(b.inventory(lf, _trail(b, "unread")), {U: {"unread"}}),
        R(b.inventory(lf), {F: {"cloudtrail:CloudTrail trails"}}),
        # no Lake Formation in the account: nothing to audit
        R(b.inventory(trail("audit", every)), {NA: {"lakeformation:Lake Formation settings or permissions"}}),
    ]


def cases(b: Any) -> dict[str, list[Any]]:
    R, P, F, U, NA = b.Row, b.PASS, b.FAIL, b.UNKNOWN, b.NA
    fresh = READ_AT - timedelta(minutes=7)
    return {
        "cloudtrail_lake_formation_audit": _lake_formation_audit(b),
        "cloudtrail_kms_encrypted": [
            R(b.inventory(_trail(b, "main", kms_key_id=KEY)), {P: {"main"}}),
            R(b.inventory(_trail(b, "main"), _trail(b, "org", kms_key_id=KEY)), {F: {"main"}, P: {"org"}}),
            # a key created in the same plan is known only after apply
            R(
                b.inventory(_planned("main", unknown_attributes=("kms_key_id",))),
                {U: {"aws_cloudtrail.main"}},
            ),
            R(b.inventory(_planned("main")), {F: {"aws_cloudtrail.main"}}),
            R(b.inventory(), {NA: {"cloudtrail:CloudTrail trails"}}),
        ],
        "cloudtrail_delivery_healthy": [
            R(b.inventory(_trail(b, "main", latest_delivery_at=fresh), sources=(RUN,)), {P: {"main"}}),
            R(
                b.inventory(
                    _trail(b, "broken", latest_delivery_at=fresh, latest_delivery_error="AccessDenied"),
                    _trail(b, "stale", latest_delivery_at=READ_AT - timedelta(hours=30)),
                    _trail(b, "ok", latest_delivery_at=fresh),
                    sources=(RUN,),
                ),
                {F: {"broken", "stale"}, P: {"ok"}},
            ),
            # the limit is a parameter
            R(
                b.inventory(
                    _trail(b, "stale", latest_delivery_at=READ_AT - timedelta(hours=30)), sources=(RUN,)
                ),
                {P: {"stale"}},
                {"max_delivery_age_hours": 48},
            ),
            # not logging: cloudtrail_logging's finding, not this one's
            R(b.inventory(_trail(b, "off", is_logging=False), sources=(RUN,)), {NA: {"off"}}),
            # never delivered, or a plan: delivery is not evidenced
            R(b.inventory(_trail(b, "new"), sources=(RUN,)), {U: {"new"}}),
            R(b.inventory(_planned("main")), {U: {"aws_cloudtrail.main"}}),
        ],
    }
