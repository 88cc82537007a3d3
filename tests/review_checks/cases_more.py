"""Cases for the KMS deletion, IAM key count and group, unused secret, EFS, Firehose and EBS snapshot
age checks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from coattail.review.inventory import (
    EBSSnapshot,
    EFSFileSystem,
    FirehoseDeliveryStream,
    IAMAccessKey,
    IAMGroup,
    IAMUser,
    KMSKey,
    Secret,
)
from coattail.review.model import SourceKind, SourceRun

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
RUN = SourceRun(kind=SourceKind.LIVE, target="123456789012/us-east-1", collected_at=NOW, ok=True)


def _key(key_id: str, status: str = "Active") -> IAMAccessKey:
    return IAMAccessKey(access_key_id=key_id, status=status, created_at=NOW - timedelta(days=10))


def cases(b: Any) -> dict[str, list[Any]]:
    R, P, F, U, NA = b.Row, b.PASS, b.FAIL, b.UNKNOWN, b.NA

    def kms(name: str, **attrs: Any) -> KMSKey:
        return b.make(KMSKey, name, **{"manager": "CUSTOMER", **attrs})

    def user(name: str, *keys: IAMAccessKey) -> IAMUser:
        return b.make(IAMUser, name, access_keys=keys)

    def snap(name: str, days: int | None) -> EBSSnapshot:
        return b.make(EBSSnapshot, name, started_at=None if days is None else NOW - timedelta(days=days))

    def efs(name: str, **attrs: Any) -> EFSFileSystem:
        return b.make(EFSFileSystem, name, **attrs)

    def hose(name: str, **attrs: Any) -> FirehoseDeliveryStream:
        return b.make(FirehoseDeliveryStream, name, **{"stream_type": "DirectPut", **attrs})

    def group(name: str, **attrs: Any) -> IAMGroup:
        return b.make(IAMGroup, name, **attrs)

    def secret(name: str, **attrs: Any) -> Secret:
        return b.make(Secret, name, **attrs)

    tf_key = b.make(KMSKey, "planned", source=SourceKind.TERRAFORM, tf_address="aws_kms_key.planned")
    return {
        "kms_key_pending_deletion": [
            R(
                b.inventory(
                    kms("data", key_state="Enabled"),
                    kms("paused", key_state="Disabled"),
                    kms("alias/aws/s3", manager="AWS", key_state="PendingDeletion"),
                    tf_key,
                ),
                {P: {"data", "paused", "planned"}},
            ),
            R(
                b.inventory(
                    kms("old", key_state="PendingDeletion", deletion_date=NOW + timedelta(days=7)),
                    kms("unread"),
                ),
                {F: {"old"}, U: {"unread"}},
            ),
            R(b.inventory(), {NA: {"kms:customer-managed KMS keys"}}),
        ],
        "iam_user_single_active_key": [
            R(
                b.inventory(
                    user("ci", _key("AKIAONE"), _key("AKIAOFF", "Inactive")),
                    user("human"),
                ),
                {P: {"ci", "human"}},
            ),
            R(
                b.inventory(
                    user("legacy", _key("AKIAONE"), _key("AKIATWO")),
                    b.make(IAMUser, "planned", source=SourceKind.TERRAFORM),
                ),
                {F: {"legacy"}, U: {"planned"}},
            ),
        ],
        "secretsmanager_secret_unused": [
            R(
                b.inventory(
                    secret(
                        "db", last_accessed_at=NOW - timedelta(days=1), created_at=NOW - timedelta(days=900)
                    ),
                    secret("new", created_at=NOW - timedelta(days=10)),
                    sources=(RUN,),
                ),
                {P: {"db", "new"}},
            ),
            R(
                b.inventory(
                    secret("stale", last_accessed_at=NOW - timedelta(days=120)),
                    secret("orphan", created_at=NOW - timedelta(days=200)),
                    secret("undated"),
                    b.make(
                        Secret,
                        "planned",
                        source=SourceKind.TERRAFORM,
                        tf_address="aws_secretsmanager_secret.p",
                    ),
                    sources=(RUN,),
                ),
                {F: {"stale", "orphan"}, U: {"undated", "planned"}},
            ),
            R(
                b.inventory(secret("stale", last_accessed_at=NOW - timedelta(days=120)), sources=(RUN,)),
                {P: {"stale"}},
                {"max_unused_days": 180},
            ),
            R(b.inventory(secret("new", created_at=NOW)), {U: {"new"}}),  # no review time known
        ],
        "efs_encrypted": [
            R(
                b.inventory(
                    efs("home", encrypted=True, kms_key_id="alias/shop-data"), efs("tmp", encrypted=True)
                ),
                {P: {"home", "tmp"}},
            ),
            R(
                b.inventory(
                    efs("clear", encrypted=False),
                    efs("planned", source=SourceKind.TERRAFORM, unknown_attributes=("encrypted",)),
                ),
                {F: {"clear"}, U: {"planned"}},
            ),
            R(b.inventory(), {NA: {"efs:EFS file systems"}}),
        ],
        "efs_backup_enabled": [
            R(
                b.inventory(efs("home", backup_status="ENABLED"), efs("new", backup_status="ENABLING")),
                {P: {"home", "new"}},
            ),
            R(
                b.inventory(efs("scratch", backup_status="DISABLED"), efs("unread")),
                {F: {"scratch"}, U: {"unread"}},
            ),
        ],
        "efs_lifecycle_ia": [
            R(b.inventory(efs("home", transition_to_ia="AFTER_30_DAYS")), {P: {"home"}}),
            R(b.inventory(efs("hot", transition_to_ia=""), efs("unread")), {F: {"hot"}, U: {"unread"}}),
        ],
        "firehose_stream_encrypted": [
            R(
                b.inventory(
                    hose("events", encryption_status="ENABLED", key_type="CUSTOMER_MANAGED_CMK"),
                    hose("clicks", encryption_status="ENABLING", key_type="AWS_OWNED_CMK"),
                    hose("mirror", stream_type="KinesisStreamAsSource", encryption_status="DISABLED"),
                ),
                {P: {"events", "clicks"}},
            ),
            R(
                b.inventory(
                    hose("raw", encryption_status="DISABLED"),
                    hose("unread"),
                    hose("planned", source=SourceKind.TERRAFORM, unknown_attributes=("encryption_status",)),
                ),
                {F: {"raw"}, U: {"unread", "planned"}},
            ),
            R(
                b.inventory(hose("mirror", stream_type="KinesisStreamAsSource")),
                {NA: {"firehose:Direct PUT Firehose delivery streams"}},
            ),
        ],
        "iam_group_has_users": [
            R(
                b.inventory(
                    group("devs", attached_policy_arns=("arn:aws:iam::aws:policy/ReadOnlyAccess",)),
                    group("placeholder"),
                    b.make(IAMUser, "alice", groups=("devs",)),
                ),
                {P: {"devs", "placeholder"}},
            ),
            R(
                b.inventory(
                    group("ops", inline_policy_names=("admin",)),
                    b.make(IAMUser, "alice", groups=("devs",)),
                ),
                {F: {"ops"}},
            ),
            R(
                b.inventory(group("ops", inline_policy_names=("admin",)), b.make(IAMUser, "unread")),
                {U: {"ops"}},
            ),
        ],
        "ebs_snapshot_age": [
            R(b.inventory(snap("daily", 1), snap("yearly", 365), sources=(RUN,)), {P: {"daily", "yearly"}}),
            R(
                b.inventory(snap("forgotten", 400), snap("undated", None), sources=(RUN,)),
                {F: {"forgotten"}, U: {"undated"}},
            ),
            R(b.inventory(snap("forgotten", 400), sources=(RUN,)), {P: {"forgotten"}}, {"max_age_days": 730}),
            R(b.inventory(snap("daily", 1)), {U: {"daily"}}),  # no review time known
        ],
    }
