"""One resource, one entity: a check's verdicts on the live and the Terraform view of the same
resource become one finding that cites both.

Checks judge each view they are given (so a Terraform-only review still works); the engine then
joins the two findings of one check on twin views — paired as drift pairs them, by ARN, else by
type and name — before waivers, scores and reports. The joined finding keeps the live identity,
cites the Terraform address and file, and fails if either view fails (the code would bring a fixed
setting back; the account shows what runs). A view that cannot tell (UNKNOWN, N/A) leaves the
verdict to the other. Disagreement between the views is also reported as drift.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from coattail.review.collectors.drift import pair
from coattail.review.inventory import Inventory
from coattail.review.model import CheckResult, Finding, SourceKind, Status


@dataclass(frozen=True)
class Twin:
    live_id: str
    terraform_address: str


def twins(inventory: Inventory) -> dict[str, Twin]:
    """Terraform view id -> its live twin, for every Terraform resource the account also showed."""
    return {tf.id: Twin(live.id, tf.tf_address or tf.id) for tf, live in pair(inventory) if live is not None}


def combine(live: Status, terraform: Status) -> Status:
    """FAIL if either view fails; else PASS if either passes; else UNKNOWN if either; else N/A."""
    for status in (Status.FAIL, Status.PASS, Status.UNKNOWN):
        if status in (live, terraform):
            return status
    return Status.NOT_APPLICABLE


def join_pair(live: Finding, terraform: Finding, address: str) -> Finding:
    status = combine(live.status, terraform.status)
    primary = live if live.status == status else terraform
    other = terraform if primary is live else live
    message = primary.message
    if other.status != primary.status and other.status in (Status.PASS, Status.FAIL):
        message = f"{message} (the {other.source.value} view: {other.message})"
    return live.model_copy(
        update={
            "status": status,
            "message": message,
            "observed": primary.observed,
            "location": terraform.location,
            "terraform_address": address,
            "views": (SourceKind.LIVE, SourceKind.TERRAFORM),
        }
    )


def join_findings(findings: Sequence[Finding], pairs: dict[str, Twin]) -> tuple[Finding, ...]:
    """Join one check's findings on twin views; a view judged more than once is left as it is."""
    by_view: dict[tuple[SourceKind, str], list[Finding]] = defaultdict(list)
    for f in findings:
        by_view[(f.source, f.resource_id)].append(f)
    joined: dict[str, tuple[Finding, str]] = {}  # live id -> (terraform finding, address)
    absorbed: set[str] = set()
    for tf_id, twin in pairs.items():
        tf_views, live_views = (
            by_view.get((SourceKind.TERRAFORM, tf_id)),
            by_view.get((SourceKind.LIVE, twin.live_id)),
        )
        if tf_views and live_views and len(tf_views) == 1 and len(live_views) == 1:
            joined[twin.live_id] = (tf_views[0], twin.terraform_address)
            absorbed.add(tf_id)
    out: list[Finding] = []
    for f in findings:
        if f.source == SourceKind.TERRAFORM and f.resource_id in absorbed:
            continue
        if f.source == SourceKind.LIVE and f.resource_id in joined:
            tf_finding, address = joined[f.resource_id]
            out.append(join_pair(f, tf_finding, address))
        else:
            out.append(f)
    return tuple(out)


def join_views(result: CheckResult, pairs: dict[str, Twin]) -> CheckResult:
    if not pairs:
        return result
    return result.model_copy(update={"findings": join_findings(result.findings, pairs)})
