"""Analysts read the lakehouse; they cannot change it."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, matches, verdict
from coattail.review.checks._iam import action_in, allow_statements, is_write, unknown_permissions
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import IAMRole, Inventory
from coattail.review.model import Finding


@check(
    id="iam_analyst_role_read_only",
    kind="claim",
    title="The analyst role is read-only (query execution aside)",
    pillar="security",
    bp_id="SEC03-BP02",
    severity="high",
    service="iam",
    resource_type="AWS::IAM::Role",
    rationale="People explore data through this role; it must not be able to alter tables, buckets or "
    "permissions.",
    remediation="Remove write actions; keep Get/List/Describe and Athena query execution.",
    remediation_terraform='actions = ["glue:GetTable", "glue:GetTables", "s3:GetObject", "s3:ListBucket"]',
    params={
        "roles": ["*analyst*"],
        "allowed_writes": [
            "athena:StartQueryExecution",
            "athena:StopQueryExecution",
            "s3:PutObject",
            "s3:AbortMultipartUpload",
        ],
        "allowed_write_buckets": ["*athena*"],
    },
)
def iam_analyst_role_read_only(inv: Inventory, p: Params) -> Findings:
    allowed = p.strs("allowed_writes")

    def judge(role: IAMRole) -> Finding:
        buckets = [f"arn:aws:s3:::{x}" for x in p.strs("allowed_write_buckets")]

        def write_ok(action: str, resources: tuple[str, ...]) -> bool:
            if not action_in(action, allowed):
                return False
            return not action.lower().startswith("s3:") or all(matches(r, buckets) for r in resources)

        bad = {
            a
            for _, s in allow_statements(role)
            for a in s.actions
            if is_write(a) and not write_ok(a, s.resources)
        }
        actions = sorted({a for _, s in allow_statements(role) for a in s.actions})
        return unknown_permissions(role, bad, exact_resources=True) or verdict(
            role,
            bool(actions) and not bad,
            f"read-only: {len(actions)} actions, no writes beyond query execution",
            f"write actions {sorted(bad)}" if actions else "no permissions at all",
            write_actions=sorted(bad),
        )

    yield from each(
        inv, IAMRole, "analyst roles", judge, select=lambda r: matches(r.name, p.strs("roles")), required=True
    )
