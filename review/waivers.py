"""Waivers: accepted risks from a YAML file, applied to failing findings until they expire.

File format::

    waivers:
      - id: pitr-off                      # optional; defaults to <check_id>-<n>
        check_id: dynamodb_pitr_enabled   # exact id or fnmatch pattern
        resource: "*ctc-dev-alerts*"      # resource id / Terraform address pattern; default "*"
        justification: PITR off for cost; alerts live 24 h and are re-derivable.
        expires: 2027-03-31               # a waiver is in force up to and including this date
        owner: platform-team

An expired waiver is reported (``AppliedWaiver.expired``) and is not applied.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from coattail.review.model import AppliedWaiver, CheckResult, Finding, Status, Waiver


class WaiverError(ValueError):
    """The waivers file is unreadable or invalid; the message names the file, entry and field."""


def load_waivers(path: Path, known_check_ids: Iterable[str] | None = None) -> tuple[Waiver, ...]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise WaiverError(f"cannot read waivers file {path}: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise WaiverError(f"waivers file {path} is not valid YAML: {exc}") from exc
    return parse_waivers(raw, source=str(path), known_check_ids=known_check_ids)


def parse_waivers(
    raw: Any, *, source: str = "waivers", known_check_ids: Iterable[str] | None = None
) -> tuple[Waiver, ...]:
    if raw is None:
        return ()
    entries = raw.get("waivers") if isinstance(raw, dict) else raw
    if not isinstance(entries, list):
        raise WaiverError(f"{source}: expected a list under 'waivers:'")
    known = set(known_check_ids) if known_check_ids is not None else None
    waivers: list[Waiver] = []
    for n, entry in enumerate(entries, start=1):
        where = f"{source}: waiver #{n}"
        if not isinstance(entry, dict):
            raise WaiverError(f"{where}: expected a mapping with check_id, justification, expires")
        data = dict(entry)
        data.setdefault("id", f"{data.get('check_id', 'waiver')}-{n}")
        try:
            waiver = Waiver.model_validate(data)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc']) or 'entry'}: {e['msg']}" for e in exc.errors()
            )
            raise WaiverError(f"{where} ({data['id']}): {problems}") from exc
        if not waiver.justification.strip():
            raise WaiverError(f"{where} ({waiver.id}): justification must not be empty")
        if known is not None and not any(fnmatchcase(k, waiver.check_id) for k in known):
            raise WaiverError(f"{where} ({waiver.id}): check_id {waiver.check_id!r} matches no known check")
        if any(w.id == waiver.id for w in waivers):
            raise WaiverError(f"{where}: duplicate waiver id {waiver.id!r}")
        waivers.append(waiver)
    return tuple(waivers)


def is_expired(waiver: Waiver, today: date) -> bool:
    return waiver.expires < today


def matches(waiver: Waiver, check_id: str, finding: Finding) -> bool:
    names = [finding.resource_id, *([finding.terraform_address] if finding.terraform_address else [])]
    return fnmatchcase(check_id, waiver.check_id) and any(fnmatchcase(n, waiver.resource) for n in names)


def apply_waivers(
    results: Sequence[CheckResult], waivers: Sequence[Waiver], today: date
) -> tuple[tuple[CheckResult, ...], tuple[AppliedWaiver, ...]]:
    """Mark failing findings covered by a waiver in force; report every waiver with its match count."""
    counts = {w.id: 0 for w in waivers}
    out: list[CheckResult] = []
    for result in results:
        findings: list[Finding] = []
        for finding in result.findings:
            if finding.status != Status.FAIL:
                findings.append(finding)
                continue
            hits = [w for w in waivers if matches(w, result.meta.id, finding)]
            for w in hits:
                counts[w.id] += 1
            active = next((w for w in hits if not is_expired(w, today)), None)
            findings.append(finding.model_copy(update={"waived_by": active.id}) if active else finding)
        failing = [f for f in findings if f.status == Status.FAIL]
        waived = bool(failing) and all(f.waived_by for f in failing)
        out.append(result.model_copy(update={"findings": tuple(findings), "waived": waived}))
    applied = tuple(
        AppliedWaiver(waiver=w, expired=is_expired(w, today), matched_findings=counts[w.id]) for w in waivers
    )
    return tuple(out), applied
