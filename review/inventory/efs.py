"""Amazon EFS file systems."""

from __future__ import annotations

from typing import ClassVar

from coattail.review.inventory.base import Resource


class EFSFileSystem(Resource):
    resource_type: ClassVar[str] = "AWS::EFS::FileSystem"
    service: ClassVar[str] = "efs"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_efs_file_system",)

    file_system_id: str | None = None
    encrypted: bool | None = None
    kms_key_id: str | None = None
    #: the backup policy's status (ENABLED | ENABLING | DISABLED | DISABLING); "DISABLED" when none
    #: was ever set; None: not read
    backup_status: str | None = None
    #: TransitionToIA of the lifecycle policy (AFTER_30_DAYS ...); "" when none; None: not read
    transition_to_ia: str | None = None
