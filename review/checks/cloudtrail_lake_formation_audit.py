"""Lake Formation's audit events reach a trail: the seed's "Enable CloudTrail for Lake Formation audit
logging". They are management events of ``lakeformation.amazonaws.com``; the data-access audit
(``GetDataAccess``, issued whenever an engine reads a governed table) is a *read* event, so a trail
recording write events only keeps the grants and loses who read what."""

from __future__ import annotations

from coattail.review.checks._common import Findings, finding, none_found
from coattail.review.checks._registry import check
from coattail.review.inventory import (
    CloudTrailTrail,
    Inventory,
    LakeFormationPermission,
    LakeFormationSettings,
)
from coattail.review.model import Finding, Status

SOURCE = "lakeformation.amazonaws.com"


@check(
    id="cloudtrail_lake_formation_audit",
    title="A logging trail records Lake Formation's audit events, read and write",
    pillar="security",
    bp_id="SEC04-BP01",
    severity="medium",
    service="cloudtrail",
    resource_type="AWS::CloudTrail::Trail",
    rationale="Lake Formation decides who may read which table; its audit trail (GetDataAccess for every "
    "read, grants and revokes) is the only record of data access, and CloudTrail's 90-day event history "
    "is not searchable by table. The read events are the ones a write-only trail loses.",
    remediation="Record every management event (read and write) in a logging trail, without excluding "
    f"{SOURCE}: aws cloudtrail put-event-selectors --trail-name <trail> --event-selectors "
    '\'[{"ReadWriteType":"All","IncludeManagementEvents":true}]\'',
    remediation_terraform='event_selector {\n  read_write_type = "All"\n'
    "  include_management_events = true\n}",
)
def cloudtrail_lake_formation_audit(inv: Inventory) -> Findings:
    if not any(True for _ in inv.by_type(LakeFormationSettings)) and not any(
        True for _ in inv.by_type(LakeFormationPermission)
    ):
        yield none_found(inv, LakeFormationSettings, "Lake Formation settings or permissions")
        return
    trails = list(inv.by_type(CloudTrailTrail))
    if not trails:
        yield none_found(inv, CloudTrailTrail, "CloudTrail trails", required=True)
        return
    by_account: dict[str | None, list[CloudTrailTrail]] = {}
    for t in trails:
        by_account.setdefault(t.account, []).append(t)
    rank = {Status.PASS: 0, Status.UNKNOWN: 1, Status.FAIL: 2}
    for group in by_account.values():
        yield min((_judge(t) for t in sorted(group, key=lambda t: t.name)), key=lambda f: rank[f.status])


def _judge(t: CloudTrailTrail) -> Finding:
    if t.is_unknown("management_event_selectors") or t.management_event_selectors is None:
        return finding(t, Status.UNKNOWN, "its event selectors were not reported", is_logging=t.is_logging)
    kinds = {s.read_write for s in t.management_event_selectors if s.records(SOURCE)}
    read = bool(kinds & {"All", "ReadOnly"})
    write = bool(kinds & {"All", "WriteOnly"})
    observed = {
        "is_logging": t.is_logging,
        "lake_formation_read_events": read,
        "lake_formation_write_events": write,
        "management_event_selectors": [s.model_dump() for s in t.management_event_selectors],
    }
    if not t.is_logging:
        status = Status.UNKNOWN if t.is_logging is None else Status.FAIL
        return finding(t, status, "not logging: records no Lake Formation event", **observed)
    if read and write:
        return finding(
            t, Status.PASS, f"records {SOURCE} management events, read (GetDataAccess) and write", **observed
        )
    missing = "read and write" if not (read or write) else "read (GetDataAccess)" if not read else "write"
    return finding(t, Status.FAIL, f"records no {missing} management events of {SOURCE}", **observed)
