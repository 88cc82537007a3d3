"""S3 lifecycle rules implement the documented retention per bucket."""

from __future__ import annotations

from typing import Any

from coattail.review.checks._common import Findings, each, first_match, matches, verdict
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import Inventory, LifecycleRule, S3Bucket
from coattail.review.model import Finding


def _problems(rules: tuple[LifecycleRule, ...], want: dict[str, Any]) -> list[str]:
    prefix = want.get("prefix", "") or ""
    scoped = [r for r in rules if (r.prefix or "") == prefix]
    if not scoped:
        return [f"no enabled rule for prefix {prefix!r}"]
    expire = want.get("expiration_days")
    days = [r.expiration_days for r in scoped if r.expiration_days is not None]
    out = []
    if expire is None and not days:
        out.append(f"no expiration for prefix {prefix!r}")
    if expire is not None and expire not in days:
        out.append(f"expiration {days or 'none'} != {expire} d for prefix {prefix!r}")
    if "transition_days" in want:
        target = (want["transition_days"], want.get("storage_class", "STANDARD_IA"))
        seen = [(t.days, t.storage_class) for r in scoped for t in r.transitions]
        if target not in seen:
            out.append(f"transitions {seen or 'none'} lack {target[1]} at {target[0]} d")
    return out


@check(
    id="s3_lifecycle_retention",
    kind="claim",
    title="S3 lifecycle rules enforce the documented retention per bucket",
    pillar="cost_optimization",
    bp_id="COST04-BP05",
    severity="medium",
    service="s3",
    resource_type="AWS::S3::Bucket",
    rationale=(
        "Data kept past its use costs money every month; lifecycle rules delete or tier it automatically."
    ),
    remediation="Add lifecycle rules with the documented transition and expiration days for each bucket.",
    remediation_terraform=(
        'resource "aws_s3_bucket_lifecycle_configuration" "raw" {\n  bucket = aws_s3_bucket.raw.id\n'
        '  rule { id = "tier-and-expire"  status = "Enabled"  filter {}\n'
        '    transition { days = 30  storage_class = "STANDARD_IA" }\n    expiration { days = 90 } }\n}'
    ),
    params={"rules": {"*": {}}},
)
def s3_lifecycle_retention(inv: Inventory, p: Params) -> Findings:
    table = p.mapping("rules")

    def judge(b: S3Bucket) -> Finding:
        wants = first_match(b.name, table)
        wants = wants if isinstance(wants, list) else [wants or {}]
        problems = [x for w in wants for x in _problems(b.enabled_lifecycle_rules, w)]
        observed = [r.model_dump(exclude_defaults=True) for r in b.enabled_lifecycle_rules]
        summary = "; ".join(
            f"{r.prefix or '/'}: "
            + ", ".join(
                [f"{t.storage_class} at {t.days} d" for t in r.transitions]
                + ([f"expire at {r.expiration_days} d"] if r.expiration_days else [])
            )
            for r in b.enabled_lifecycle_rules
        )
        return verdict(b, not problems, f"lifecycle {summary}", "; ".join(problems), rules=observed)

    yield from each(
        inv,
        S3Bucket,
        "S3 buckets with a documented retention",
        judge,
        select=lambda b: matches(b.name, table),
        required=list(table) != ["*"],
    )
