"""The clean account's shared file system: an encrypted EFS file system with automatic backups and
a lifecycle policy moving cold files to Infrequent Access."""

from __future__ import annotations

from typing import Any

from tests.generic_account.seed_core import data_key_arn, tag_list

ORDER = 60  # after the core (its KMS alias)
FILE_SYSTEM = "shop-shared"


def seed(aws: Any) -> None:
    efs = aws("efs")
    fs = efs.create_file_system(
        CreationToken=FILE_SYSTEM,
        PerformanceMode="generalPurpose",
        Encrypted=True,
        KmsKeyId=data_key_arn(aws),
        Backup=True,
        Tags=[{"Key": "Name", "Value": FILE_SYSTEM}, *tag_list()],
    )
    efs.put_lifecycle_configuration(
        FileSystemId=fs["FileSystemId"],
        LifecyclePolicies=[
            {"TransitionToIA": "AFTER_30_DAYS"},
            {"TransitionToPrimaryStorageClass": "AFTER_1_ACCESS"},
        ],
    )
