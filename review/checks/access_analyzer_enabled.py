"""IAM Access Analyzer looks for resources shared outside the account in every region reviewed."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown_attributes, verdict
from coattail.review.checks._registry import check
from coattail.review.inventory import AccessAnalyzer, Inventory
from coattail.review.model import Finding


@check(
    id="access_analyzer_enabled",
    title="IAM Access Analyzer has an active external-access analyzer",
    pillar="security",
    bp_id="SEC03-BP07",
    severity="medium",
    service="accessanalyzer",
    resource_type="AWS::AccessAnalyzer::Analyzer",
    verified_on="recorded responses",  # moto has no Access Analyzer backend
    rationale="An account (or organization) analyzer continuously reports buckets, keys, roles, queues "
    "and secrets whose policies grant access outside the zone of trust, including ones created "
    "after this review.",
    remediation="aws accessanalyzer create-analyzer --analyzer-name account --type ACCOUNT",
    remediation_terraform='resource "aws_accessanalyzer_analyzer" "account" {\n'
    '  analyzer_name = "account"\n  type          = "ACCOUNT"\n}',
)
def access_analyzer_enabled(inv: Inventory) -> Findings:
    def judge(a: AccessAnalyzer) -> Finding:
        active = a.active_external_access
        others = [f"{x.name} ({x.type}, {x.status or 'status unknown'})" for x in a.analyzers]
        return unknown_attributes(a, "analyzers") or verdict(
            a,
            bool(active),
            f"active external-access analyzer(s): {', '.join(x.name for x in active)}",
            "no active external-access analyzer"
            + (f" (found: {', '.join(others)})" if others else f" in {a.region}"),
            analyzers=others,
        )

    yield from each(inv, AccessAnalyzer, "IAM Access Analyzer settings", judge)
