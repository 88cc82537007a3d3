"""The producer can only write to its streams."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, matches, verdict
from coattail.review.checks._iam import action_in, allow_statements, unknown_permissions
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import IAMRole, Inventory
from coattail.review.model import Finding


@check(
    id="iam_producer_role_write_only",
    kind="claim",
    title="The producer role may only put records to (and describe) the named streams",
    pillar="security",
    bp_id="SEC03-BP02",
    severity="high",
    service="iam",
    resource_type="AWS::IAM::Role",
    rationale="The producer faces the internet; if compromised it must not read the stream, touch other "
    "streams or reach any other data.",
    remediation="Grant only kinesis:PutRecord(s)/DescribeStream* on the stream ARNs (plus its config reads).",
    remediation_terraform=(
        'actions = ["kinesis:PutRecord", "kinesis:PutRecords", "kinesis:DescribeStreamSummary"]'
    ),
    params={
        "roles": ["*producer*"],
        "allowed_actions": [
            "kinesis:PutRecord",
            "kinesis:PutRecords",
            "kinesis:DescribeStream",
            "kinesis:DescribeStreamSummary",
            "kinesis:ListShards",
            "ssm:GetParameter",
            "ssm:GetParameters",
            "ssm:GetParametersByPath",
            "cloudwatch:PutMetricData",
            "logs:CreateLogStream",
            "logs:PutLogEvents",
        ],
        "max_streams": 2,
    },
)
def iam_producer_role_write_only(inv: Inventory, p: Params) -> Findings:
    allowed = p.strs("allowed_actions")

    def judge(role: IAMRole) -> Finding:
        stmts = list(allow_statements(role))
        extra = sorted({a for _, s in stmts for a in s.actions if not action_in(a, allowed)})
        kinesis = [
            s for _, s in stmts if any(a.lower().startswith("kinesis:") or a == "*" for a in s.actions)
        ]
        streams = sorted({r for s in kinesis for r in s.resources})
        ok = bool(stmts) and not extra and "*" not in streams and len(streams) <= p.int("max_streams")
        over = streams if "*" in streams or len(streams) > p.int("max_streams") else []
        return unknown_permissions(role, extra + over, exact_resources=True) or verdict(
            role,
            ok,
            f"write-only to {len(streams)} stream(s): {', '.join(s.rsplit('/', 1)[-1] for s in streams)}",
            f"beyond write-only: extra actions {extra or 'none'}, streams {streams or 'none'}",
            extra_actions=extra,
            streams=streams,
        )

    yield from each(
        inv,
        IAMRole,
        "producer roles",
        judge,
        select=lambda r: matches(r.name, p.strs("roles")),
        required=True,
    )
