"""Cases for the recorded Iceberg recovery drill."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from coattail.review.inventory import GlueTable
from coattail.review.model import SourceKind, SourceRun

P = "ctc.recovery-drill."
READ_AT = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)  # the review clock: when the account was read
NONE = "glue:recovery drill table recovery_drill (no drill was run)"  # the finding when none was run
RUN = SourceRun(kind=SourceKind.LIVE, target="123456789012/us-east-1", collected_at=READ_AT, ok=True)


def cases(b: Any) -> dict[str, list[Any]]:
    R = b.Row
    PASS, FAIL, U = b.PASS, b.FAIL, b.UNKNOWN

    def drill(
        name: str, result: str | None = "verified", at: str | None = "2026-12-01T10:00:00Z"
    ) -> GlueTable:
        params = {"table_type": "ICEBERG", f"{P}rolled-back-from": "2", f"{P}rolled-back-to": "1"}
        params |= {f"{P}result": result} if result else {}
        params |= {f"{P}verified-at": at} if at else {}
        return b.make(GlueTable, name, database="ctc_dev_lakehouse", table_type="ICEBERG", parameters=params)

    def live(*tables: Any) -> Any:
        return b.inventory(*tables, sources=(RUN,))

    other = b.make(GlueTable, "raw_trades", database="ctc_dev_lakehouse", table_type="ICEBERG")
    return {
        "iceberg_recovery_drill_recent": [
            R(live(other, drill("recovery_drill")), {PASS: {"recovery_drill"}}),
            R(live(drill("recovery_drill", at="2026-06-01T10:00:00Z")), {FAIL: {"recovery_drill"}}),  # stale
            R(live(drill("recovery_drill", result="failed")), {FAIL: {"recovery_drill"}}),
            R(live(drill("recovery_drill", result=None, at=None)), {FAIL: {"recovery_drill"}}),
            R(live(other), {FAIL: {NONE}}),
            R(
                live(drill("old", at="2020-01-01T00:00:00Z")),
                {FAIL: {NONE}},
            ),
            R(
                live(drill("recovery_drill", at="2026-06-01T10:00:00Z")),
                {PASS: {"recovery_drill"}},
                {"max_age_days": 365},
            ),
            R(b.inventory(other), {U: {"glue:recovery drill recovery_drill"}}),  # a plan cannot show a drill
        ],
    }
