"""JUnit XML for CI systems: one <testcase> per check (classname = pillar, name = check id).

FAIL -> <failure> with the evidence; UNKNOWN and NOT_APPLICABLE -> <skipped>; waived -> passes
with the waiver in <system-out>; a failure whose waiver expired fails again.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from coattail.review.model import CheckResult, Pillar, ReviewResults, Status
from coattail.review.reports.compare import expired_waiver_ids, finding_fails


def _evidence(check: CheckResult) -> str:
    lines = []
    for f in check.findings:
        where = ""
        if f.location is not None:
            where = f" [{f.location.path}{f':{f.location.start_line}' if f.location.start_line else ''}]"
        lines.append(f"{f.status} {f.resource_id}{where}: {f.message}")
    return "\n".join(lines)


def _case(check: CheckResult, expired: frozenset[str], reasons: dict[str, str]) -> tuple[ET.Element, str]:
    meta = check.meta
    case = ET.Element("testcase", classname=str(meta.pillar), name=meta.id, time="0")
    failing = [f for f in check.findings if finding_fails(f, expired)]
    if failing or (check.status == Status.FAIL and not check.waived):
        failure = ET.SubElement(
            case,
            "failure",
            type=str(meta.severity),
            message=f"{meta.title} ({meta.bp_id}, {meta.severity}): {len(failing)} failing resource(s)",
        )
        failure.text = "\n".join(
            [f"{f.resource_id}: {f.message}" for f in failing] + ["", f"Remediation: {meta.remediation}"]
        )
        outcome = "failure"
    elif check.status in (Status.UNKNOWN, Status.NOT_APPLICABLE):
        why = (
            reasons.get(meta.service, "no evidence could be collected")
            if check.status == Status.UNKNOWN
            else ""
        )
        ET.SubElement(case, "skipped", message=f"{check.status}{': ' + why if why else ''}")
        outcome = "skipped"
    else:
        outcome = "pass"
    out = _evidence(check)
    if check.waived and outcome == "pass":
        out = "Accepted risk (waived):\n" + out
    if out:
        ET.SubElement(case, "system-out").text = out
    return case, outcome


def to_junit(results: ReviewResults) -> str:
    expired = expired_waiver_ids(results)
    reasons = {n.service: n.reason for n in results.not_assessed}
    root = ET.Element("testsuites", name=f"{results.tool_name} {results.profile_id}")
    totals = {"tests": 0, "failures": 0, "skipped": 0}
    for pillar in Pillar:
        checks = [c for c in results.checks if c.meta.pillar == pillar]
        if not checks:
            continue
        suite = ET.SubElement(
            root, "testsuite", name=pillar.title, timestamp=results.generated_at.isoformat()
        )
        counts = {"failure": 0, "skipped": 0}
        for check in checks:
            case, outcome = _case(check, expired, reasons)
            suite.append(case)
            counts[outcome] = counts.get(outcome, 0) + 1
        suite.set("tests", str(len(checks)))
        suite.set("failures", str(counts["failure"]))
        suite.set("skipped", str(counts["skipped"]))
        suite.set("errors", "0")
        totals["tests"] += len(checks)
        totals["failures"] += counts["failure"]
        totals["skipped"] += counts["skipped"]
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("errors", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
