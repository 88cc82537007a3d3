"""Misconfigurations for the KMS deletion, IAM key count, and EBS snapshot age
checks (one per check)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.generic_account.seed_core import data_key_arn, tag_list
from tests.generic_account.seed_detective_foundations import SECRET
from tests.generic_account.seed_iam_foundations import HUMAN
from tests.generic_account.seed_more import DELIVERY_STREAM, FILE_SYSTEM
from tests.generic_account.seed_network_foundations import SNAPSHOT


def _schedule_key_deletion(aws: Any) -> None:
    kms = aws("kms")
    key = kms.describe_key(KeyId="alias/shop-data")["KeyMetadata"]["KeyId"]
    kms.schedule_key_deletion(KeyId=key, PendingWindowInDays=7)


def _two_active_keys(aws: Any) -> None:
    iam = aws("iam")
    iam.create_access_key(UserName=HUMAN)
    iam.create_access_key(UserName=HUMAN)


def _snapshots_exist(aws: Any) -> None:
    names = {
        t["Value"]
        for s in aws("ec2").describe_snapshots(OwnerIds=["self"])["Snapshots"]
        for t in s.get("Tags", [])
        if t["Key"] == "Name"
    }
    assert SNAPSHOT in names, names


def _file_system(aws: Any, name: str, **options: Any) -> None:
    """EFS encryption and a first backup policy are chosen at creation: a second file system."""
    aws("efs").create_file_system(
        CreationToken=name, Tags=[{"Key": "Name", "Value": name}, *tag_list()], **options
    )


def _lifecycle_removed(aws: Any) -> None:
    efs = aws("efs")
    fs = next(f for f in efs.describe_file_systems()["FileSystems"] if f.get("Name") == FILE_SYSTEM)
    efs.put_lifecycle_configuration(FileSystemId=fs["FileSystemId"], LifecyclePolicies=[])


def _empty_group(aws: Any) -> None:
    iam = aws("iam")
    iam.create_group(GroupName="shop-legacy-admins")
    iam.attach_group_policy(
        GroupName="shop-legacy-admins", PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess"
    )


def misconfigurations(M: Any) -> list[Any]:
    return [
        M(
            "Data KMS key scheduled for deletion",
            "kms_key_pending_deletion",
            "shop-data",
            _schedule_key_deletion,
        ),
        M(
            "IAM user with two active access keys",
            "iam_user_single_active_key",
            f"user/{HUMAN}",
            _two_active_keys,
        ),
        M(
            "Secret never read for 100 days",
            "secretsmanager_secret_unused",
            SECRET,
            lambda aws: None,  # the seeded secret (nothing reads it), reviewed 100 days after its creation
            later=timedelta(days=100),
        ),
        M(
            "Unencrypted EFS file system",
            "efs_encrypted",
            "shop-scratch-fs",
            lambda aws: _file_system(aws, "shop-scratch-fs", Encrypted=False, Backup=True),
        ),
        M(
            "EFS file system without automatic backups",
            "efs_backup_enabled",
            "shop-tmp-fs",
            lambda aws: _file_system(
                aws, "shop-tmp-fs", Encrypted=True, KmsKeyId=data_key_arn(aws), Backup=False
            ),
        ),
        M("EFS lifecycle policy removed", "efs_lifecycle_ia", FILE_SYSTEM, _lifecycle_removed),
        M(
            "Firehose delivery stream encryption stopped",
            "firehose_stream_encrypted",
            DELIVERY_STREAM,
            lambda aws: aws("firehose").stop_delivery_stream_encryption(DeliveryStreamName=DELIVERY_STREAM),
        ),
        M(
            "IAM group with a policy and no members",
            "iam_group_has_users",
            "group/shop-legacy-admins",
            _empty_group,
        ),
        M(
            "EBS snapshots kept for 400 days",
            "ebs_snapshot_age",
            ":snapshot/snap-",  # the data snapshot and the AMI's root snapshot both age
            _snapshots_exist,  # the seeded snapshots, reviewed 400 days after they were taken
            later=timedelta(days=400),
        ),
    ]
