"""The review engine: run every check over one inventory, apply waivers, score, assemble results.

Collect once, check many times: the engine never calls AWS. A check that raises becomes an
UNKNOWN finding carrying the error (never a crash, never a pass). The review profile (the
checks engineer's ``coattail.review.profiles``) supplies per-check parameters and rolls check results up
into the seed's Decisions rows and improvement opportunities.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Protocol

from coattail.review import __version__
from coattail.review.entities import join_views, twins
from coattail.review.inventory import Inventory
from coattail.review.model import (
    AccountScores,
    CheckKind,
    CheckMeta,
    CheckResult,
    DecisionResult,
    Finding,
    Improvement,
    Pillar,
    ReviewResults,
    SourceKind,
    Status,
    Waiver,
)
from coattail.review.scoring import score
from coattail.review.waivers import apply_waivers


class RunnableCheck(Protocol):
    """What the engine needs of a check (``coattail.review.checks._registry.Check`` satisfies it)."""

    @property
    def meta(self) -> CheckMeta: ...

    def run(self, inventory: Any, params: Mapping[str, Any] | None = None) -> list[Finding]: ...


RollUp = Callable[
    [Sequence[CheckResult], Inventory, date], tuple[Sequence[DecisionResult], Sequence[Improvement]]
]


@dataclass(frozen=True)
class ReviewPlan:
    """Everything besides the inventory that shapes one review."""

    profile_id: str = "generic"
    profile_title: str = "AWS Well-Architected review"
    design_principles: Mapping[Pillar, str] = field(default_factory=dict)
    check_params: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    selected_checks: frozenset[str] | None = None  # None = every loaded check
    # Claim checks the profile makes (the others are NOT_APPLICABLE: a claim nobody made never fails)
    claims: frozenset[str] = frozenset()
    roll_up: RollUp | None = None
    waivers: tuple[Waiver, ...] = ()
    cost: Callable[[Inventory], dict[str, Any] | None] | None = None
    # The profile's scope: restricts a shared account to the reviewed workload's resources.
    scope: Callable[[Inventory], Inventory] | None = None


def aggregate_status(findings: Iterable[Finding]) -> Status:
    """FAIL if any finding fails; else UNKNOWN if any is unknown; else PASS if any passes; else N/A."""
    statuses = {f.status for f in findings}
    for status in (Status.FAIL, Status.UNKNOWN, Status.PASS):
        if status in statuses:
            return status
    return Status.NOT_APPLICABLE


def _error_finding(meta: CheckMeta, exc: BaseException, inventory: Inventory) -> Finding:
    kinds = inventory.source_kinds
    return Finding(
        resource_id=f"check:{meta.id}",
        resource_type=meta.resource_type,
        source=kinds[0] if kinds else SourceKind.REPOSITORY,
        status=Status.UNKNOWN,
        message=f"check {meta.id} could not run: {type(exc).__name__}: {exc}",
        observed={"error": type(exc).__name__},
    )


def run_check(check: RunnableCheck, inventory: Inventory, params: Mapping[str, Any] | None) -> CheckResult:
    try:
        findings = tuple(check.run(inventory, params) if params else check.run(inventory))
    except Exception as exc:  # a broken check is reported, the review goes on
        findings = (_error_finding(check.meta, exc, inventory),)
    return CheckResult(meta=check.meta, status=aggregate_status(findings), findings=findings)


def unclaimed(meta: CheckMeta, plan: ReviewPlan) -> CheckResult:
    """A claim check the profile does not make: not applicable, with the reason."""
    finding = Finding(
        resource_id=f"claim:{meta.id}",
        resource_type=meta.resource_type,
        source=SourceKind.REPOSITORY,
        status=Status.NOT_APPLICABLE,
        message=f"claim check: profile {plan.profile_id} makes no such claim",
    )
    return CheckResult(meta=meta, status=Status.NOT_APPLICABLE, findings=(finding,))


def run_checks(checks: Iterable[RunnableCheck], inventory: Inventory, plan: ReviewPlan) -> list[CheckResult]:
    selected = [c for c in checks if plan.selected_checks is None or c.meta.id in plan.selected_checks]
    return [
        unclaimed(c.meta, plan)
        if c.meta.kind == CheckKind.CLAIM and c.meta.id not in plan.claims
        else run_check(c, inventory, plan.check_params.get(c.meta.id))
        for c in selected
    ]


def finalise(results: Sequence[CheckResult]) -> tuple[CheckResult, ...]:
    """Re-derive each aggregate status after waivers (a waived FAIL stays FAIL, flagged ``waived``)."""
    return tuple(r.model_copy(update={"status": aggregate_status(r.findings)}) for r in results)


def per_account(
    inventory: Inventory, checks: Iterable[RunnableCheck], plan: ReviewPlan, today: date
) -> tuple[AccountScores, ...]:
    """Each account's own scores when the live inventory spans several accounts.

    The same checks and waivers over the inventory narrowed to one account's resources and gaps;
    decision rows are the workload's, so they stay in the roll-up only.
    """
    accounts = sorted({r.account for r in inventory.resources() if r.source == SourceKind.LIVE and r.account})
    if len(accounts) < 2:
        return ()
    out = []
    checks = list(checks)
    for account in accounts:
        narrowed = Inventory.from_resources(
            [r for r in inventory.resources() if r.account == account],
            sources=inventory.sources,
            not_assessed=tuple(n for n in inventory.not_assessed if n.account in (account, None)),
            live_resource_types=inventory.live_resource_types,
        )
        waived, _ = apply_waivers(finalise(list(run_checks(checks, narrowed, plan))), plan.waivers, today)
        out.append(
            AccountScores(
                account=account,
                resources=sum(1 for _ in narrowed.resources()),
                scores=score(waived, ()),
                failed_checks=tuple(sorted(r.meta.id for r in waived if r.status == Status.FAIL)),
            )
        )
    return tuple(out)


def review(
    inventory: Inventory,
    checks: Iterable[RunnableCheck],
    plan: ReviewPlan | None = None,
    *,
    today: date | None = None,
    now: datetime | None = None,
) -> ReviewResults:
    plan = plan or ReviewPlan()
    checks = list(checks)
    now = now or datetime.now(UTC)
    today = today or now.date()
    if plan.scope is not None:
        inventory = plan.scope(inventory)
    pairs = twins(inventory)
    raw = [join_views(r, pairs) for r in run_checks(checks, inventory, plan)]
    waived, applied = apply_waivers(finalise(raw), plan.waivers, today)
    decisions: Sequence[DecisionResult] = ()
    improvements: Sequence[Improvement] = ()
    if plan.roll_up is not None:
        decisions, improvements = plan.roll_up(waived, inventory, today)
    return ReviewResults(
        accounts=per_account(inventory, checks, plan, today),
        tool_version=__version__,
        generated_at=now,
        profile_id=plan.profile_id,
        profile_title=plan.profile_title,
        design_principles=dict(plan.design_principles),
        sources=inventory.sources,
        checks=tuple(sorted(waived, key=lambda r: (list(Pillar).index(r.meta.pillar), r.meta.id))),
        not_assessed=inventory.not_assessed,
        waivers=applied,
        decisions=tuple(decisions),
        improvements=tuple(improvements),
        drift=inventory.drift,
        scores=score(waived, decisions),
        cost=plan.cost(inventory) if plan.cost else None,
    )
