"""SARIF 2.1.0 for code scanning: one rule per check, one result per failing (or waived) finding.

Findings from Terraform or repository sources carry a file location (uri relative to the
repository root + startLine); live findings are located logically by their ARN.
"""

from __future__ import annotations

import hashlib
from pathlib import Path, PurePosixPath
from typing import Any

from coattail.review.model import CheckMeta, Finding, ReviewResults, Severity, Status
from coattail.review.reports.compare import expired_waiver_ids

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVEL = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}
# GitHub code scanning reads this property to rank security findings (0.0-10.0).
SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: "1.0",
}
SRCROOT = "%SRCROOT%"


def _relative_uri(path: str, repo_root: Path | None) -> str:
    p = Path(path)
    if p.is_absolute() and repo_root is not None:
        try:
            p = p.resolve().relative_to(repo_root.resolve())
        except ValueError:
            return p.as_uri()
    elif p.is_absolute():
        return p.as_uri()
    return str(PurePosixPath(*p.parts)) if p.parts else "."


def _rule(meta: CheckMeta) -> dict[str, Any]:
    rule: dict[str, Any] = {
        "id": meta.id,
        "name": "".join(part.capitalize() for part in meta.id.split("_")),
        "shortDescription": {"text": meta.title},
        "fullDescription": {"text": meta.rationale},
        "help": {
            "text": meta.remediation
            + (f"\n\n{meta.remediation_terraform}" if meta.remediation_terraform else "")
        },
        "defaultConfiguration": {"level": LEVEL[meta.severity]},
        "properties": {
            "tags": [str(meta.pillar), meta.bp_id, meta.service],
            "pillar": str(meta.pillar),
            "bestPractice": meta.bp_id,
            "severity": str(meta.severity),
            "security-severity": SECURITY_SEVERITY[meta.severity],
        },
    }
    if meta.reference_url:
        rule["helpUri"] = meta.reference_url
    return rule


def _location(finding: Finding, repo_root: Path | None) -> dict[str, Any]:
    loc: dict[str, Any] = {
        "logicalLocations": [{"fullyQualifiedName": finding.resource_id, "kind": "resource"}]
    }
    if finding.location is not None:
        uri = _relative_uri(finding.location.path, repo_root)
        artifact: dict[str, Any] = {"uri": uri}
        if not uri.startswith("file:"):
            artifact["uriBaseId"] = SRCROOT
        physical: dict[str, Any] = {"artifactLocation": artifact}
        if finding.location.start_line:
            region: dict[str, int] = {"startLine": max(1, finding.location.start_line)}
            if finding.location.end_line and finding.location.end_line >= region["startLine"]:
                region["endLine"] = finding.location.end_line
            physical["region"] = region
        loc["physicalLocation"] = physical
    return loc


def to_sarif(results: ReviewResults, repo_root: Path | None = None) -> dict[str, Any]:
    expired = expired_waiver_ids(results)
    waivers = {w.waiver.id: w.waiver for w in results.waivers}
    rules = [_rule(c.meta) for c in results.checks]
    index = {c.meta.id: i for i, c in enumerate(results.checks)}
    sarif_results: list[dict[str, Any]] = []
    for check in results.checks:
        for finding in check.findings:
            if finding.status != Status.FAIL:
                continue
            fingerprint = hashlib.sha256(f"{check.meta.id}|{finding.resource_id}".encode()).hexdigest()
            result: dict[str, Any] = {
                "ruleId": check.meta.id,
                "ruleIndex": index[check.meta.id],
                "level": LEVEL[check.meta.severity],
                "message": {"text": f"{check.meta.title}: {finding.message} ({finding.resource_id})"},
                "locations": [_location(finding, repo_root)],
                "partialFingerprints": {"ctcReviewFinding/v1": fingerprint[:32]},
                "properties": {
                    "source": str(finding.source),
                    "observed": finding.observed,
                    "resourceType": finding.resource_type,
                },
            }
            waiver = waivers.get(finding.waived_by or "")
            if waiver is not None and waiver.id not in expired:
                result["suppressions"] = [
                    {
                        "kind": "external",
                        "status": "accepted",
                        "justification": (
                            f"{waiver.justification} (waiver {waiver.id}, expires {waiver.expires})"
                        ),
                    }
                ]
            sarif_results.append(result)
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": results.tool_name,
                "version": results.tool_version,
                "semanticVersion": results.tool_version,
                "rules": rules,
            }
        },
        "originalUriBaseIds": {SRCROOT: {"description": {"text": "The repository root"}}},
        "invocations": [
            {
                "executionSuccessful": all(s.ok for s in results.sources),
                "endTimeUtc": results.generated_at.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
                "toolExecutionNotifications": [
                    {
                        "level": "warning",
                        "message": {"text": f"not assessed: {n.service} ({n.source}): {n.reason}"},
                    }
                    for n in results.not_assessed
                ],
            }
        ],
        "results": sarif_results,
        "properties": {"profile": results.profile_id, "overallScore": results.scores.overall},
    }
    if repo_root is not None:
        run["originalUriBaseIds"][SRCROOT]["uri"] = repo_root.resolve().as_uri() + "/"
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
