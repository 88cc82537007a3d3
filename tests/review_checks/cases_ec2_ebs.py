"""Cases for the EC2 instance, EBS volume and snapshot, AMI, Elastic IP and AWS Backup vault checks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from coattail.review.inventory import AMI, BackupVault, EBSSnapshot, EBSVolume, EC2Instance, ElasticIP
from coattail.review.model import SourceKind, SourceRun

READ_AT = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
RUN = SourceRun(kind=SourceKind.LIVE, target="123456789012/us-east-1", collected_at=READ_AT, ok=True)


def _tf_instance(name: str, pending: tuple[str, ...], **attrs: Any) -> EC2Instance:
    return EC2Instance(
        id=f"aws_instance.{name}",
        name=name,
        source=SourceKind.TERRAFORM,
        tf_address=f"aws_instance.{name}",
        unknown_attributes=pending,
        **attrs,
    )


def cases(b: Any) -> dict[str, list[Any]]:
    R, P, F, U, NA = b.Row, b.PASS, b.FAIL, b.UNKNOWN, b.NA

    def vol(name: str, **attrs: Any) -> EBSVolume:
        return b.make(EBSVolume, name, **attrs)

    def ec2(name: str, **attrs: Any) -> EC2Instance:
        return b.make(EC2Instance, name, **attrs)

    def snap(name: str, **attrs: Any) -> EBSSnapshot:
        return b.make(EBSSnapshot, name, **attrs)

    return {
        "ebs_volume_gp3": [
            R(b.inventory(vol("data", volume_type="gp3"), vol("db", volume_type="io2")), {P: {"data", "db"}}),
            R(
                b.inventory(vol("old", volume_type="gp2"), vol("unread")),
                {F: {"old"}, U: {"unread"}},
            ),
            R(b.inventory(), {NA: {"ec2:EBS volumes"}}),
        ],
        "ebs_volume_attached": [
            R(
                b.inventory(vol("data", state="in-use", attached_instances=("i-1",))),
                {P: {"data"}},
            ),
            R(
                b.inventory(vol("orphan", state="available"), vol("unread")),
                {F: {"orphan"}, U: {"unread"}},
            ),
        ],
        "ec2_elastic_ip_associated": [
            R(
                b.inventory(
                    b.make(ElasticIP, "egress", association_id="eipassoc-1", network_interface_id="eni-1"),
                    b.make(ElasticIP, "web", instance_id="i-1"),
                ),
                {P: {"egress", "web"}},
            ),
            R(b.inventory(b.make(ElasticIP, "spare", public_ip="203.0.113.7")), {F: {"spare"}}),
            R(b.inventory(), {NA: {"ec2:Elastic IP addresses"}}),
        ],
        "ec2_instance_current_generation": [
            R(
                b.inventory(
                    ec2("app", instance_type="t4g.micro", current_generation=True),
                    ec2("planned", instance_type="m7i.large"),
                ),
                {P: {"app", "planned"}},
            ),
            R(
                b.inventory(
                    ec2("legacy", instance_type="m3.medium", current_generation=False),
                    ec2("listed", instance_type="c4.large"),
                    ec2("odd", instance_type="weird"),
                    ec2("unread"),
                ),
                {F: {"legacy", "listed"}, U: {"odd", "unread"}},
            ),
            R(b.inventory(_tf_instance("web", ("instance_type",))), {U: {"aws_instance.web"}}),
        ],
        "ec2_graviton_instance": [
            R(
                b.inventory(ec2("app", instance_type="t4g.micro"), ec2("cache", instance_type="r7gd.large")),
                {P: {"app", "cache"}},
            ),
            R(
                b.inventory(ec2("x86", instance_type="m7i.large"), ec2("gpu", instance_type="g5.xlarge")),
                {F: {"x86", "gpu"}},
            ),
        ],
        "ebs_snapshot_not_public": [
            R(
                b.inventory(
                    snap("private", create_volume_groups=(), create_volume_accounts=()),
                    snap("shared", create_volume_groups=(), create_volume_accounts=("210987654321",)),
                ),
                {P: {"private", "shared"}},
            ),
            R(
                b.inventory(
                    snap("open", create_volume_groups=("all",), create_volume_accounts=()),
                    snap("unread"),
                ),
                {F: {"open"}, U: {"unread"}},
            ),
            R(b.inventory(), {NA: {"ec2:EBS snapshots owned by the account"}}),
        ],
        "ebs_snapshot_encrypted": [
            R(b.inventory(snap("backup", encrypted=True)), {P: {"backup"}}),
            R(
                b.inventory(snap("clear", encrypted=False, volume_id="vol-1"), snap("unread")),
                {F: {"clear"}, U: {"unread"}},
            ),
        ],
        "ec2_ami_not_public": [
            R(b.inventory(b.make(AMI, "golden", public=False)), {P: {"golden"}}),
            R(
                b.inventory(b.make(AMI, "leaked", public=True), b.make(AMI, "unread")),
                {F: {"leaked"}, U: {"unread"}},
            ),
            R(b.inventory(), {NA: {"ec2:AMIs owned by the account"}}),
        ],
        "ec2_instance_profile_attached": [
            R(
                b.inventory(ec2("app", instance_profile="arn:aws:iam::123456789012:instance-profile/app")),
                {P: {"app"}},
            ),
            R(b.inventory(ec2("bare")), {F: {"bare"}}),
            R(
                b.inventory(
                    _tf_instance("web", ("instance_profile",)),
                    _tf_instance("api", (), instance_profile="api"),
                    _tf_instance("job", ()),
                ),
                {U: {"aws_instance.web"}, P: {"aws_instance.api"}, F: {"aws_instance.job"}},
            ),
        ],
        "ec2_instance_no_public_ip": [
            R(b.inventory(ec2("app", subnet_id="subnet-1")), {P: {"app"}}),
            R(b.inventory(ec2("bastion", public_ip="203.0.113.9")), {F: {"bastion"}}),
            R(
                b.inventory(_tf_instance("web", ("public_ip",)), _tf_instance("api", ())),
                {U: {"aws_instance.web"}, P: {"aws_instance.api"}},
            ),
        ],
        "ec2_detailed_monitoring": [
            R(
                b.inventory(ec2("app", monitoring="enabled"), ec2("new", monitoring="pending")),
                {P: {"app", "new"}},
            ),
            R(
                b.inventory(ec2("basic", monitoring="disabled"), ec2("unread")),
                {F: {"basic"}, U: {"unread"}},
            ),
            R(
                b.inventory(
                    _tf_instance("web", (), monitoring="enabled"),
                    _tf_instance("api", (), monitoring="disabled"),
                ),
                {P: {"aws_instance.web"}, F: {"aws_instance.api"}},
            ),
        ],
        "ec2_stopped_instance_age": [
            R(
                b.inventory(
                    ec2("app", state="running"),
                    ec2("paused", state="stopped", stopped_at=READ_AT - timedelta(days=3)),
                    sources=(RUN,),
                ),
                {P: {"app", "paused"}},
            ),
            R(
                b.inventory(
                    ec2("forgotten", state="stopped", stopped_at=READ_AT - timedelta(days=45)),
                    ec2("undated", state="stopped"),
                    ec2("unread"),
                    sources=(RUN,),
                ),
                {F: {"forgotten"}, U: {"undated", "unread"}},
            ),
            R(
                b.inventory(
                    ec2("forgotten", state="stopped", stopped_at=READ_AT - timedelta(days=45)),
                    sources=(RUN,),
                ),
                {P: {"forgotten"}},
                params={"max_stopped_days": 60},
            ),
            # no review clock (no source run): the age cannot be judged, never against wall time
            R(
                b.inventory(ec2("forgotten", state="stopped", stopped_at=READ_AT - timedelta(days=45))),
                {U: {"forgotten"}},
            ),
        ],
        "backup_vault_locked": [
            R(b.inventory(b.make(BackupVault, "vault", locked=True, min_retention_days=7)), {P: {"vault"}}),
            R(
                b.inventory(b.make(BackupVault, "open", locked=False), b.make(BackupVault, "unread")),
                {F: {"open"}, U: {"unread"}},
            ),
            R(b.inventory(), {NA: {"backup:AWS Backup vaults"}}),
        ],
    }
