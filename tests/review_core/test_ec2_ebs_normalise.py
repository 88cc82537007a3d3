"""The EC2 instance, snapshot, image, Elastic IP and Backup vault normalisers: botocore-shaped answers
give the fields the EC2/EBS checks judge; what another account owns is not the account's."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import botocore.session

from coattail.review.collectors.live.spec import Context
from coattail.review.collectors.live.specs import network as live
from coattail.review.collectors.terraform.context import TfContext
from coattail.review.collectors.terraform.loader import TfResource
from coattail.review.collectors.terraform.locate import Locator
from coattail.review.collectors.terraform.normalise import network as tf

CTX = Context(account="123456789012", region="eu-west-1")


def _members(service: str, operation: str, *path: str) -> set[str]:
    model = botocore.session.get_session().get_service_model(service)
    shape: Any = model.operation_model(operation).output_shape
    for name in path:
        shape = shape.members[name]
        shape = getattr(shape, "member", shape)
    return set(shape.members)


def test_the_fields_read_are_in_the_ec2_and_backup_answers() -> None:
    instance = _members("ec2", "DescribeInstances", "Reservations", "Instances")
    assert {
        "PublicIpAddress",
        "IamInstanceProfile",
        "Monitoring",
        "StateTransitionReason",
        "SubnetId",
    } <= instance
    assert {"OwnerId", "Encrypted", "VolumeId"} <= _members("ec2", "DescribeSnapshots", "Snapshots")
    assert {"OwnerId", "Public"} <= _members("ec2", "DescribeImages", "Images")
    assert {"AssociationId", "InstanceId", "NetworkInterfaceId"} <= _members(
        "ec2", "DescribeAddresses", "Addresses"
    )
    assert {"Locked", "MinRetentionDays"} <= _members("backup", "ListBackupVaults", "BackupVaultList")
    assert "CurrentGeneration" in _members("ec2", "DescribeInstanceTypes", "InstanceTypes")


def test_a_stopped_instance_knows_when_it_stopped_and_its_type_generation() -> None:
    item = {
        "InstanceId": "i-0123456789abcdef0",
        "InstanceType": "m3.medium",
        "State": {"Name": "stopped"},
        "StateTransitionReason": "User initiated (2026-01-31 10:00:00 GMT)",
        "Monitoring": {"State": "disabled"},
        "PublicIpAddress": "203.0.113.9",
        "IamInstanceProfile": {"Arn": "arn:aws:iam::123456789012:instance-profile/app"},
    }
    raw = {"item": item, "type_info": [{"InstanceType": "m3.medium", "CurrentGeneration": False}]}
    i = live._instance(raw, CTX)
    assert i is not None
    assert i.stopped_at == datetime(2026, 1, 31, 10, 0, tzinfo=UTC)
    assert (i.current_generation, i.monitoring, i.public_ip) == (False, "disabled", "203.0.113.9")
    assert i.instance_profile == "arn:aws:iam::123456789012:instance-profile/app"
    running = live._instance({"item": {**item, "State": {"Name": "running"}}, "type_info": []}, CTX)
    assert running is not None and running.stopped_at is None and running.current_generation is None
    assert live.stopped_at("Server.SpotInstanceTermination") is None


def test_snapshots_and_images_of_other_accounts_are_not_the_accounts() -> None:
    own = {"SnapshotId": "snap-1", "OwnerId": CTX.account, "Encrypted": True}
    public = live._snapshot({"item": own, "permissions": [{"Group": "all"}]}, CTX)
    assert public is not None and public.public is True
    private = live._snapshot({"item": own, "permissions": [{"UserId": "210987654321"}]}, CTX)
    assert private is not None and private.public is False
    assert private.create_volume_accounts == ("210987654321",)
    unread = live._snapshot({"item": own, "permissions": None}, CTX)
    assert unread is not None and unread.public is None
    assert live._snapshot({"item": {**own, "OwnerId": "801119661308"}, "permissions": []}, CTX) is None
    image = {"ImageId": "ami-1", "OwnerId": "801119661308", "Public": True}
    assert live._image({"item": image}, CTX) is None
    mine = live._image({"item": {**image, "OwnerId": CTX.account}}, CTX)
    assert mine is not None and mine.public is True


def test_an_elastic_ip_on_nothing_is_not_associated() -> None:
    spare = live._address(
        {"item": {"AllocationId": "eipalloc-1", "PublicIp": "203.0.113.7", "InstanceId": ""}}, CTX
    )
    assert spare.associated is False and spare.id.endswith(":elastic-ip/eipalloc-1")
    used = live._address({"item": {"AllocationId": "eipalloc-2", "NetworkInterfaceId": "eni-1"}}, CTX)
    assert used.associated is True


def _tf(rtype: str, label: str, **values: Any) -> TfResource:
    return TfResource(
        address=f"{rtype}.{label}", module="", type=rtype, name=label, index=None, values=values
    )


def test_terraform_images_vaults_and_addresses_join_their_sub_resources() -> None:
    image = _tf("aws_ami_from_instance", "golden", id="ami-1", name="golden")
    grant = _tf("aws_ami_launch_permission", "world", image_id="ami-1", group="all")
    vault = _tf(
        "aws_backup_vault", "main", name="main", kms_key_arn="arn:aws:kms:eu-west-1:123456789012:key/k"
    )
    lock = _tf("aws_backup_vault_lock_configuration", "main", backup_vault_name="main", min_retention_days=7)
    address = _tf("aws_eip", "egress", id="eipalloc-1", allocation_id="eipalloc-1")
    link = _tf("aws_eip_association", "egress", allocation_id="eipalloc-1", instance_id="i-1")
    spare = _tf("aws_eip", "spare", id="eipalloc-2", allocation_id="eipalloc-2")
    snapshot = _tf("aws_ebs_snapshot", "data", id="snap-1", volume_id="vol-1", encrypted=False)
    resources = [image, grant, vault, lock, address, link, spare, snapshot]
    ctx = TfContext(resources=resources, locator=Locator(None), region="eu-west-1", account="123456789012")
    assert tf.ami(ctx, image).public is True  # type: ignore[attr-defined]
    locked = tf.backup_vault(ctx, vault)
    assert (locked.locked, locked.min_retention_days) == (True, 7)  # type: ignore[attr-defined]
    assert tf.eip(ctx, address).associated is True  # type: ignore[attr-defined]
    assert tf.eip(ctx, spare).associated is False  # type: ignore[attr-defined]
    snap = tf.ebs_snapshot(ctx, snapshot)
    assert (snap.encrypted, snap.public) == (False, False)  # type: ignore[attr-defined]
    alone = TfContext(
        resources=[image, vault], locator=Locator(None), region="eu-west-1", account="123456789012"
    )
    assert tf.ami(alone, image).public is False  # type: ignore[attr-defined]
    assert tf.backup_vault(alone, vault).locked is False  # type: ignore[attr-defined]
