"""The lakehouse holds only the classification the platform claims (public market data)."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, verdict
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import Inventory, LakeFormationResourceTags
from coattail.review.model import Finding


@check(
    id="lakeformation_data_public_only",
    kind="claim",
    title="Every classified catalog resource is tagged with an allowed classification",
    pillar="security",
    bp_id="SEC07-BP02",
    severity="medium",
    service="lakeformation",
    resource_type="AWS::LakeFormation::TagAssociation",
    rationale="The platform's controls are sized for public data (no PII, no user data); a resource "
    "classified higher needs stronger controls than it has.",
    remediation="Keep non-public data out of this lakehouse, or raise its controls and update the profile.",
    remediation_terraform='lf_tag { key = "classification"  value = "public" }',
    params={"tag_key": "classification", "allowed": ["public"]},
)
def lakeformation_data_public_only(inv: Inventory, p: Params) -> Findings:
    key, allowed = p.str("tag_key"), set(p.strs("allowed"))

    def judge(a: LakeFormationResourceTags) -> Finding:
        values = set(a.lf_tags.get(key, ()))
        return verdict(
            a,
            values <= allowed,
            f"classified {'|'.join(sorted(values))}",
            f"classified {'|'.join(sorted(values - allowed))} (allowed: {', '.join(sorted(allowed))})",
            classification=sorted(values),
        )

    yield from each(
        inv,
        LakeFormationResourceTags,
        f"catalog resources tagged {key}",
        judge,
        select=lambda a: key in a.lf_tags,
        required=True,
    )
