"""EBS snapshots are not kept for longer than the retention limit."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown, verdict
from coattail.review.checks._credentials import age_days, review_clock
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import EBSSnapshot, Inventory
from coattail.review.model import Finding


@check(
    id="ebs_snapshot_age",
    title="EBS snapshots are younger than the retention limit",
    pillar="cost_optimization",
    bp_id="COST04-BP05",
    severity="low",
    service="ec2",
    resource_type="AWS::EC2::Snapshot",
    rationale="Snapshots bill for their stored blocks every month and are rarely deleted by hand; one "
    "older than a year is usually a forgotten copy no retention policy covers (AWS Backup or Data "
    "Lifecycle Manager expire them). Judged on the review clock (when the account was read), never "
    "the wall clock.",
    remediation="aws ec2 delete-snapshot --snapshot-id <id> (or archive it: aws ec2 modify-snapshot-tier "
    "--snapshot-id <id> --storage-tier archive); manage snapshots with a DLM or AWS Backup lifecycle",
    remediation_terraform='resource "aws_dlm_lifecycle_policy" "snapshots" {\n'
    '  # policy_details { schedule { retain_rule { interval = 12, interval_unit = "MONTHS" } } }\n}',
    params={"max_age_days": 365},
)
def ebs_snapshot_age(inv: Inventory, p: Params) -> Findings:
    limit = p.int("max_age_days")
    now = review_clock(inv)

    def judge(s: EBSSnapshot) -> Finding:
        if s.started_at is None or now is None:
            return unknown(s, "when the snapshot was taken (or the review time) is not known")
        days = age_days(now, s.started_at)
        return verdict(
            s,
            days <= limit,
            f"taken {days} d ago (limit {limit} d)",
            f"taken {days} d ago (limit {limit} d): still billing for its stored blocks",
            age_days=days,
            started_at=s.started_at,
        )

    yield from each(inv, EBSSnapshot, "EBS snapshots owned by the account", judge)
