"""The EC2 instance, snapshot, image, Elastic IP and Backup vault normalisers: botocore-shaped answers
give the fields the EC2/EBS checks judge; what another account owns is not the account's."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import botocore.session

from coattail.review.collectors.live.spec import Context
from coattail.review.collectors.live.specs import network as live

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
