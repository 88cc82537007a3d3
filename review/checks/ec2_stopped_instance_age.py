"""EC2 instances are not left stopped for long (their volumes and addresses still bill)."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, passed, unknown, verdict
from coattail.review.checks._credentials import age_days, review_clock
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import EC2Instance, Inventory
from coattail.review.model import Finding


@check(
    id="ec2_stopped_instance_age",
    title="EC2 instances are not stopped for longer than the limit",
    pillar="cost_optimization",
    bp_id="COST04-BP03",
    severity="low",
    service="ec2",
    resource_type="AWS::EC2::Instance",
    rationale="A stopped instance costs no compute, but its EBS volumes, snapshots and Elastic IPs keep "
    "billing, and an instance nobody has started for weeks is usually forgotten. Judged on the review "
    "clock (when the account was read), never the wall clock.",
    remediation="aws ec2 create-image --instance-id <id> --name <name> (if it may be needed again); "
    "aws ec2 terminate-instances --instance-ids <id>",
    remediation_terraform="# remove the aws_instance (keep an AMI if it may be needed again)",
    params={"max_stopped_days": 30},
)
def ec2_stopped_instance_age(inv: Inventory, p: Params) -> Findings:
    limit = p.int("max_stopped_days")
    now = review_clock(inv)

    def judge(i: EC2Instance) -> Finding:
        if i.state is None:
            return unknown(i, "instance state not read")
        if i.state != "stopped":
            return passed(i, f"{i.state}, not stopped", state=i.state)
        if i.stopped_at is None or now is None:
            return unknown(i, "stopped, but when it stopped (or the review time) is not known", state=i.state)
        days = age_days(now, i.stopped_at)
        return verdict(
            i,
            days <= limit,
            f"stopped {days} d ago (limit {limit} d)",
            f"stopped {days} d ago (limit {limit} d): its volumes still bill",
            state=i.state,
            stopped_days=days,
        )

    yield from each(inv, EC2Instance, "EC2 instances", judge)
