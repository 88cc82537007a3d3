"""Misconfigurations of the clean account's EC2 instance, EBS volumes and snapshots, image,
Elastic IP and AWS Backup vault (one per check)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.generic_account.seed_network_foundations import (
    BACKUP_VAULT,
    EGRESS_IP,
    IMAGE,
    INSTANCE,
    SNAPSHOT,
    VOLUME,
    WEB_SG,
    by_name,
    named,
)


def _snapshot_id(aws: Any, name: str) -> str:
    found = aws("ec2").describe_snapshots(
        OwnerIds=["self"], Filters=[{"Name": "tag:Name", "Values": [name]}]
    )["Snapshots"]
    return str(found[0]["SnapshotId"])


def _image_id(aws: Any) -> str:
    return str(
        aws("ec2").describe_images(Owners=["self"], Filters=[{"Name": "name", "Values": [IMAGE]}])["Images"][
            0
        ]["ImageId"]
    )


def _set_instance_type(kind: str) -> Any:
    def apply(aws: Any) -> None:
        ec2 = aws("ec2")
        instance = by_name(aws, "instance", INSTANCE)
        ec2.stop_instances(InstanceIds=[instance])
        ec2.modify_instance_attribute(InstanceId=instance, InstanceType={"Value": kind})
        ec2.start_instances(InstanceIds=[instance])

    return apply


def _unencrypted_snapshot(aws: Any) -> None:
    ec2 = aws("ec2")
    ec2.disable_ebs_encryption_by_default()  # an explicit Encrypted=False is overridden otherwise
    volume = ec2.create_volume(
        AvailabilityZone="us-east-1a",
        Size=10,
        VolumeType="gp3",
        Encrypted=False,
        TagSpecifications=named("shop-scratch", "volume"),
    )["VolumeId"]
    ec2.enable_ebs_encryption_by_default()
    ec2.create_snapshot(VolumeId=volume, TagSpecifications=named("shop-scratch-snap", "snapshot"))


def _disassociate_egress_ip(aws: Any) -> None:
    ec2 = aws("ec2")
    address = ec2.describe_addresses(Filters=[{"Name": "tag:Name", "Values": [EGRESS_IP]}])["Addresses"][0]
    ec2.disassociate_address(AssociationId=address["AssociationId"])


def _public_ip_on_instance(aws: Any) -> None:
    ec2 = aws("ec2")
    allocation = ec2.allocate_address(Domain="vpc", TagSpecifications=named("shop-app-ip", "elastic-ip"))
    ec2.associate_address(
        AllocationId=allocation["AllocationId"], InstanceId=by_name(aws, "instance", INSTANCE)
    )


def _remove_instance_profile(aws: Any) -> None:
    ec2 = aws("ec2")
    instance = by_name(aws, "instance", INSTANCE)
    associations = ec2.describe_iam_instance_profile_associations(
        Filters=[{"Name": "instance-id", "Values": [instance]}]
    )["IamInstanceProfileAssociations"]
    for a in associations:
        ec2.disassociate_iam_instance_profile(AssociationId=a["AssociationId"])


def _unmonitored_instance(aws: Any) -> None:
    """moto lacks UnmonitorInstances: a second instance launched with basic monitoring."""
    ec2 = aws("ec2")
    subnet = ec2.describe_subnets(Filters=[{"Name": "tag:Name", "Values": ["shop-private-a"]}])["Subnets"][0]
    ec2.run_instances(
        ImageId=ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"],
        InstanceType="t4g.micro",
        MinCount=1,
        MaxCount=1,
        SubnetId=subnet["SubnetId"],
        SecurityGroupIds=[by_name(aws, "security-group", WEB_SG)],
        Monitoring={"Enabled": False},
        MetadataOptions={"HttpTokens": "required", "HttpEndpoint": "enabled"},
        TagSpecifications=named("shop-worker", "instance"),
    )


def misconfigurations(M: Any) -> list[Any]:
    return [
        M(
            "EBS volume changed to gp2",
            "ebs_volume_gp3",
            VOLUME,
            lambda aws: aws("ec2").modify_volume(VolumeId=by_name(aws, "volume", VOLUME), VolumeType="gp2"),
        ),
        M(
            "EBS volume detached and left available",
            "ebs_volume_attached",
            VOLUME,
            lambda aws: aws("ec2").detach_volume(
                VolumeId=by_name(aws, "volume", VOLUME),
                InstanceId=by_name(aws, "instance", INSTANCE),
                Device="/dev/sdf",
            ),
        ),
        M("Elastic IP disassociated", "ec2_elastic_ip_associated", EGRESS_IP, _disassociate_egress_ip),
        M(
            "Instance moved to a previous-generation type (m3.medium)",
            "ec2_instance_current_generation",
            INSTANCE,
            _set_instance_type("m3.medium"),
        ),
        M(
            "Instance moved to x86 (t3.micro)",
            "ec2_graviton_instance",
            INSTANCE,
            _set_instance_type("t3.micro"),
        ),
        M(
            "EBS snapshot shared publicly",
            "ebs_snapshot_not_public",
            SNAPSHOT,
            lambda aws: aws("ec2").modify_snapshot_attribute(
                SnapshotId=_snapshot_id(aws, SNAPSHOT),
                Attribute="createVolumePermission",
                OperationType="add",
                GroupNames=["all"],
            ),
        ),
        M("Unencrypted EBS snapshot", "ebs_snapshot_encrypted", "shop-scratch-snap", _unencrypted_snapshot),
        M(
            "AMI made public",
            "ec2_ami_not_public",
            IMAGE,
            lambda aws: aws("ec2").modify_image_attribute(
                ImageId=_image_id(aws), LaunchPermission={"Add": [{"Group": "all"}]}
            ),
        ),
        M("Instance profile removed", "ec2_instance_profile_attached", INSTANCE, _remove_instance_profile),
        M("Elastic IP on the instance", "ec2_instance_no_public_ip", INSTANCE, _public_ip_on_instance),
        M(
            "Instance with basic monitoring only",
            "ec2_detailed_monitoring",
            "shop-worker",
            _unmonitored_instance,
        ),
        M(
            "Instance stopped for 40 days",
            "ec2_stopped_instance_age",
            INSTANCE,
            lambda aws: aws("ec2").stop_instances(InstanceIds=[by_name(aws, "instance", INSTANCE)]),
            later=timedelta(days=40),
        ),
        M(
            "Backup vault lock removed",
            "backup_vault_locked",
            BACKUP_VAULT,
            lambda aws: aws("backup").delete_backup_vault_lock_configuration(BackupVaultName=BACKUP_VAULT),
        ),
    ]
