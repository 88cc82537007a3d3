"""Relational databases: RDS DB instances."""

from __future__ import annotations

from typing import ClassVar

from coattail.review.inventory.base import Resource


class RDSInstance(Resource):
    resource_type: ClassVar[str] = "AWS::RDS::DBInstance"
    service: ClassVar[str] = "rds"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_db_instance",)

    engine: str | None = None  # postgres | mysql | aurora-postgresql | ...
    engine_version: str | None = None
    instance_class: str | None = None  # db.t4g.micro ...
    status: str | None = None  # available | stopped | ...
    allocated_storage_gb: int | None = None
    storage_type: str | None = None  # gp2 | gp3 | io1 | ...
    storage_encrypted: bool | None = None
    kms_key_id: str | None = None
    publicly_accessible: bool | None = None
    multi_az: bool | None = None
    backup_retention_days: int | None = None
    deletion_protection: bool | None = None
    auto_minor_version_upgrade: bool | None = None
    iam_auth_enabled: bool | None = None  # IAM database authentication
    monitoring_interval_seconds: int | None = None  # enhanced monitoring; 0 = off
    copy_tags_to_snapshot: bool | None = None
    log_exports: tuple[str, ...] | None = None  # engine logs exported to CloudWatch Logs
    #: the Aurora cluster the instance belongs to: backups, deletion protection and the spread over
    #: AZs are then the cluster's settings, not the instance's
    cluster_id: str | None = None
    #: the instance a read replica copies (its backups and standby are the source's concern)
    replica_source: str | None = None

    @property
    def in_cluster(self) -> bool:
        return bool(self.cluster_id)

    @property
    def is_replica(self) -> bool:
        return bool(self.replica_source)
