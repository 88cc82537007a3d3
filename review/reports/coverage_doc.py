"""``docs/BEST_PRACTICES.md``: which Well-Architected best practices the checks cover, per pillar.

Every best practice of the framework (``coattail.review.checks._wa_catalog``), grouped by pillar
and question, with its risk level and the checks that cite it (``meta.bp_id``) or "not covered";
a summary table per pillar at the top. Regenerate after adding or changing a check::

    python -m coattail.review.reports.coverage_doc > docs/BEST_PRACTICES.md

``tests/reports/test_coverage_doc.py`` fails when the committed file differs from :func:`render`.
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from coattail.review.checks._registry import Check, load_checks
from coattail.review.checks._wa_catalog import (
    BEST_PRACTICES,
    QUESTIONS,
    bp_risk,
    bp_title,
    pillar_of,
    question_of,
    question_title,
)
from coattail.review.model import Pillar

COMMAND = "python -m coattail.review.reports.coverage_doc > docs/BEST_PRACTICES.md"
NOT_COVERED = "not covered"


@dataclass(frozen=True)
class PillarCoverage:
    pillar: Pillar
    questions: int
    best_practices: int
    covered: int
    checks: int

    @property
    def not_covered(self) -> int:
        return self.best_practices - self.covered


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _check_cell(check: Check) -> str:
    m = check.meta
    return f"`{check.id}` ({m.kind.value}, {m.service}, verified on {m.verified_on.value})"


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def checks_per_practice(checks: Sequence[Check]) -> dict[str, list[Check]]:
    """The checks citing each best practice, sorted by check id (only practices with a check)."""
    cited: dict[str, list[Check]] = defaultdict(list)
    for check in sorted(checks, key=lambda c: c.id):
        cited[check.meta.bp_id].append(check)
    return dict(cited)


def coverage(checks: Sequence[Check]) -> list[PillarCoverage]:
    """One row per pillar, in the framework's order."""
    cited = checks_per_practice(checks)
    return [
        PillarCoverage(
            pillar=pillar,
            questions=sum(1 for q in QUESTIONS if pillar_of(q) == pillar),
            best_practices=sum(1 for bp in BEST_PRACTICES if pillar_of(bp) == pillar),
            covered=sum(1 for bp in BEST_PRACTICES if pillar_of(bp) == pillar and bp in cited),
            checks=sum(1 for c in checks if c.meta.pillar == pillar),
        )
        for pillar in Pillar
    ]


def _summary(rows: list[PillarCoverage], checks: Sequence[Check]) -> list[str]:
    lines = [
        "| pillar | questions | best practices | covered | not covered | coverage | checks |",
        "|---|--:|--:|--:|--:|--:|--:|",
    ]
    for r in rows:
        lines.append(
            f"| [{r.pillar.title}](#{r.pillar.title.lower().replace(' ', '-')}) | {r.questions} "
            f"| {r.best_practices} | {r.covered} | {r.not_covered} "
            f"| {_percent(r.covered, r.best_practices)} | {r.checks} |"
        )
    bps, covered = sum(r.best_practices for r in rows), sum(r.covered for r in rows)
    lines.append(
        f"| **total** | {sum(r.questions for r in rows)} | {bps} | {covered} | {bps - covered} "
        f"| {_percent(covered, bps)} | {len(checks)} |"
    )
    kinds = Counter(c.meta.kind.value for c in checks)
    lines += [
        "",
        f"{len(checks)} checks: "
        + ", ".join(f'{n} of kind "{kind}"' for kind, n in sorted(kinds.items()))
        + ". A best practice is covered when at least one check cites it; a claim checks a "
        "workload's own stated figure or role and runs only when the review profile names it.",
        "",
        "Verified on: where a test shows the check's verdict flip on a real misconfiguration — "
        + ", ".join(
            f"{n} on {where}"
            for where, n in sorted(Counter(c.meta.verified_on.value for c in checks).items())
        )
        + " (the emulator: a change to the platform deployment or a generic account in the moto server; "
        "fixtures: repository files or Terraform plans with the defect; recorded responses: "
        "botocore-validated answers of an API the emulator lacks).",
    ]
    return lines


def _pillar_section(pillar: Pillar, cited: dict[str, list[Check]]) -> list[str]:
    lines = ["", f"## {pillar.title}"]
    for question in (q for q in QUESTIONS if pillar_of(q) == pillar):
        practices = [bp for bp in BEST_PRACTICES if question_of(bp) == question]
        covered = sum(1 for bp in practices if bp in cited)
        lines += [
            "",
            f"### {question} — {_cell(question_title(question))}",
            "",
            f"{covered} of {len(practices)} best practices covered.",
            "",
            "| id | best practice | risk | checks |",
            "|---|---|---|---|",
        ]
        for bp in practices:
            checks = "<br>".join(_check_cell(c) for c in cited.get(bp, [])) or NOT_COVERED
            lines.append(f"| {bp} | {_cell(bp_title(bp))} | {bp_risk(bp).capitalize()} | {checks} |")
    return lines


def render(checks: Sequence[Check] | None = None) -> str:
    """The whole document (the registry's checks unless ``checks`` is given)."""
    checks = load_checks() if checks is None else checks
    cited = checks_per_practice(checks)
    unknown = sorted(set(cited) - set(BEST_PRACTICES))
    if unknown:
        raise ValueError(f"checks cite best practices missing from the catalog: {', '.join(unknown)}")
    lines = [
        "# Well-Architected best practices covered by the checks",
        "",
        "<!-- Generated: do not edit. Regenerate with",
        f"     {COMMAND} -->",
        "",
        "Every best practice of the AWS Well-Architected Framework (2024 edition, the six pillars), "
        "per question, with the framework's level of risk when the practice is not established and "
        "the `ctc-review` checks that cite it (check id, kind, service, where it is verified), or "
        f'"{NOT_COVERED}". Source: `review/checks/_wa_catalog.py` and the check registry.',
        "",
        *_summary(coverage(checks), checks),
    ]
    for pillar in Pillar:
        lines += _pillar_section(pillar, cited)
    return "\n".join(lines) + "\n"


def main() -> None:
    sys.stdout.write(render())


if __name__ == "__main__":
    main()
