"""The lakehouse's time-travel recovery procedure was executed and verified recently."""

from __future__ import annotations

from datetime import datetime

from coattail.review.checks._common import Findings, finding, none_found
from coattail.review.checks._credentials import age_days, review_clock
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import GlueTable, Inventory
from coattail.review.model import Finding, SourceKind, Status

#: Table properties the drill records (coattail.jobs.recovery), mirrored into the Glue table's parameters.
PREFIX = "ctc.recovery-drill."


def _parse(stamp: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(stamp.replace("Z", "+00:00")) if stamp else None
    except ValueError:
        return None


@check(
    id="iceberg_recovery_drill_recent",
    kind="claim",
    title="The Iceberg time-travel recovery procedure was executed and verified within the drill interval",
    pillar="reliability",
    bp_id="REL09-BP04",
    severity="medium",
    service="glue",
    resource_type="AWS::Glue::Table",
    rationale="A rollback procedure nobody has run is a hope: the drill corrupts a scratch table, rolls it "
    "back with the runbook's steps and compares every row, so the lakehouse's recovery story is proved "
    "on the catalog, the storage and the permissions it would need on the day.",
    remediation="Run `ctc jobs drill` (RUNBOOK 5.3) against the account; `ctc local up` runs it after "
    "deploying.",
    params={"table": "recovery_drill", "max_age_days": 90},
)
def iceberg_recovery_drill_recent(inv: Inventory, p: Params) -> Findings:
    """PASS when the drill table records a verified drill no older than ``max_age_days`` on the review
    clock; FAIL when it records a failed or stale one, or (in a live account) when there is none;
    UNKNOWN without a live source (the record is runtime state, not configuration)."""
    name, max_age = p.str("table"), p.int("max_age_days")
    tables = [t for t in inv.by_type(GlueTable) if t.name == name]
    if not tables:
        if SourceKind.LIVE in inv.source_kinds:
            yield none_found(inv, GlueTable, f"recovery drill table {name} (no drill was run)", required=True)
        else:  # a plan or a repository cannot show a drill: runtime state, read from the account only
            yield Finding(
                resource_id=f"glue:recovery drill {name}",
                resource_type=GlueTable.resource_type,
                source=inv.source_kinds[0] if inv.source_kinds else SourceKind.TERRAFORM,
                status=Status.UNKNOWN,
                message=f"not evidenced: a drill is recorded on the live table {name}; no account was read",
            )
        return
    now = review_clock(inv)
    for table in tables:
        yield _judge(table, now, max_age)


def _judge(table: GlueTable, now: datetime | None, max_age: int) -> Finding:
    result = table.parameters.get(f"{PREFIX}result")
    when = _parse(table.parameters.get(f"{PREFIX}verified-at"))
    observed = {
        "result": result,
        "verified_at": table.parameters.get(f"{PREFIX}verified-at"),
        "rolled_back_from": table.parameters.get(f"{PREFIX}rolled-back-from"),
        "rolled_back_to": table.parameters.get(f"{PREFIX}rolled-back-to"),
        "rows_verified": table.parameters.get(f"{PREFIX}rows-verified"),
    }
    where = f"{table.database}.{table.name}"
    if result != "verified" or when is None:
        return finding(
            table, Status.FAIL, f"{where}: the last drill did not verify (result {result})", **observed
        )
    if now is None:
        return finding(
            table, Status.UNKNOWN, f"{where}: verified {observed['verified_at']}; review time unknown"
        )
    age = age_days(now, when)
    return finding(
        table,
        Status.PASS if age <= max_age else Status.FAIL,
        f"{where}: rollback from snapshot {observed['rolled_back_from']} to {observed['rolled_back_to']} "
        f"verified {observed['rows_verified']} rows {age} day(s) ago (at most {max_age})",
        age_days=age,
        **observed,
    )
