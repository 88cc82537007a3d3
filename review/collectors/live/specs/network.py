"""Account foundations: security groups, VPCs (flow logs, network interfaces), EBS encryption by
default and volumes, EC2 instances (instance metadata options) and the account-wide S3 public
access block."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from coattail.review.collectors.live.spec import Context, Detail, Raw, ResourceSpec, tags_from_list
from coattail.review.collectors.values import as_bool, as_int, blank, sorted_strs
from coattail.review.inventory import (
    AMI,
    VPC,
    BackupVault,
    EBSEncryptionByDefault,
    EBSSnapshot,
    EBSVolume,
    EC2Instance,
    ElasticIP,
    IngressRule,
    PublicAccessBlock,
    S3AccountPublicAccessBlock,
    SecurityGroup,
)
from coattail.review.model import SourceKind

LIVE = SourceKind.LIVE


def ec2_arn(ctx: Context, kind: str, resource_id: str) -> str:
    return f"arn:{ctx.partition}:ec2:{ctx.region}:{ctx.account}:{kind}/{resource_id}"


def ingress_rules(permissions: Any) -> tuple[IngressRule, ...]:
    """EC2 IpPermissions -> one rule per source (IPv4, IPv6, security group, prefix list)."""
    out: list[IngressRule] = []
    for p in permissions or ():
        protocol = str(p.get("IpProtocol", "-1"))
        ports = {"from_port": as_int(p.get("FromPort")), "to_port": as_int(p.get("ToPort"))}
        if protocol in ("-1", "all"):
            ports = {"from_port": None, "to_port": None}
        sources = [r.get("CidrIp") for r in p.get("IpRanges") or ()]
        sources += [r.get("CidrIpv6") for r in p.get("Ipv6Ranges") or ()]
        sources += [g.get("GroupId") for g in p.get("UserIdGroupPairs") or ()]
        sources += [x.get("PrefixListId") for x in p.get("PrefixListIds") or ()]
        out.extend(IngressRule(protocol=protocol, source=s, **ports) for s in sources if s)
    return tuple(sorted(out, key=lambda r: (r.protocol, r.from_port or 0, r.to_port or 0, r.source)))


def _security_group(raw: Raw, ctx: Context) -> SecurityGroup:
    g = raw["item"]
    tags = tags_from_list(g.get("Tags"))
    return SecurityGroup(
        id=g.get("SecurityGroupArn") or ec2_arn(ctx, "security-group", g["GroupId"]),
        name=tags.get("Name") or f"{g.get('GroupName') or g['GroupId']} ({g['GroupId']})",
        source=LIVE,
        region=ctx.region,
        account=ctx.account,
        tags=tags,
        group_id=g["GroupId"],
        vpc_id=g.get("VpcId"),
        description=blank(g.get("Description")),
        ingress=ingress_rules(g.get("IpPermissions")),
        aws_default=g.get("GroupName") == "default",  # every VPC's own group, made by AWS
    )


SECURITY_GROUPS = ResourceSpec(
    model=SecurityGroup,
    service="ec2",
    list_operation="describe_security_groups",
    list_path="SecurityGroups",
    normalise=_security_group,
)


def active_flow_logs(flow_logs: Any) -> tuple[str, ...] | None:
    if flow_logs is None:
        return None
    return sorted_strs(f["FlowLogId"] for f in flow_logs if f.get("FlowLogStatus", "ACTIVE") == "ACTIVE")


def _vpc(raw: Raw, ctx: Context) -> VPC:
    v = raw["item"]
    tags = tags_from_list(v.get("Tags"))
    enis = raw.get("interfaces")
    return VPC(
        id=ec2_arn(ctx, "vpc", v["VpcId"]),
        name=tags.get("Name") or v["VpcId"],
        source=LIVE,
        region=ctx.region,
        account=ctx.account,
        tags=tags,
        vpc_id=v["VpcId"],
        cidr_block=v.get("CidrBlock"),
        is_default=bool(v.get("IsDefault", False)),
        aws_default=bool(v.get("IsDefault", False)),
        active_flow_logs=active_flow_logs(raw.get("flow_logs")),
        network_interfaces=None if enis is None else len(enis),
    )


def _by_vpc(name: str) -> Any:
    return lambda r: {"Filters": [{"Name": name, "Values": [r["item"]["VpcId"]]}]}


VPCS = ResourceSpec(
    model=VPC,
    service="ec2",
    list_operation="describe_vpcs",
    list_path="Vpcs",
    details=(
        Detail("flow_logs", "describe_flow_logs", _by_vpc("resource-id"), "FlowLogs"),
        Detail(
            "interfaces",
            "describe_network_interfaces",
            _by_vpc("vpc-id"),
            "NetworkInterfaces[].NetworkInterfaceId",
        ),
    ),
    normalise=_vpc,
)


def _ebs_default(raw: Raw, ctx: Context) -> EBSEncryptionByDefault:
    return EBSEncryptionByDefault(
        id=f"arn:{ctx.partition}:ec2:{ctx.region}:{ctx.account}:ebs-encryption-by-default",
        name=f"EBS encryption by default ({ctx.region})",
        source=LIVE,
        region=ctx.region,
        account=ctx.account,
        enabled=as_bool(raw["item"]),
    )


# One item per region. The default key (get_ebs_default_kms_key_id) is not read: the check needs
# only whether new volumes are encrypted, and moto 5.2.5 answers that call with an internal error.
EBS_ENCRYPTION_BY_DEFAULT = ResourceSpec(
    model=EBSEncryptionByDefault,
    service="ec2",
    list_operation="get_ebs_encryption_by_default",
    list_path="[EbsEncryptionByDefault]",
    normalise=_ebs_default,
)


def _volume(raw: Raw, ctx: Context) -> EBSVolume:
    v = raw["item"]
    tags = tags_from_list(v.get("Tags"))
    return EBSVolume(
        id=ec2_arn(ctx, "volume", v["VolumeId"]),
        name=tags.get("Name") or v["VolumeId"],
        source=LIVE,
        region=ctx.region,
        account=ctx.account,
        tags=tags,
        volume_id=v["VolumeId"],
        encrypted=as_bool(v.get("Encrypted")),
        kms_key_id=blank(v.get("KmsKeyId")),
        size_gb=as_int(v.get("Size")),
        volume_type=v.get("VolumeType"),
        state=v.get("State"),
        attached_instances=sorted_strs(a.get("InstanceId") for a in v.get("Attachments") or ()),
    )


EBS_VOLUMES = ResourceSpec(
    model=EBSVolume,
    service="ec2",
    list_operation="describe_volumes",
    list_path="Volumes",
    normalise=_volume,
)


def _instance(raw: Raw, ctx: Context) -> EC2Instance | None:
    i = raw["item"]
    state = (i.get("State") or {}).get("Name")
    if state == "terminated":
        return None
    tags = tags_from_list(i.get("Tags"))
    meta = i.get("MetadataOptions") or {}
    return EC2Instance(
        id=ec2_arn(ctx, "instance", i["InstanceId"]),
        name=tags.get("Name") or i["InstanceId"],
        source=LIVE,
        region=ctx.region,
        account=ctx.account,
        tags=tags,
        instance_id=i["InstanceId"],
        instance_type=i.get("InstanceType"),
        state=state,
        vpc_id=i.get("VpcId"),
        http_tokens=meta.get("HttpTokens"),
        http_endpoint=meta.get("HttpEndpoint"),
        subnet_id=blank(i.get("SubnetId")),
        public_ip=blank(i.get("PublicIpAddress")),
        instance_profile=blank((i.get("IamInstanceProfile") or {}).get("Arn")),
        monitoring=(i.get("Monitoring") or {}).get("State"),
        stopped_at=stopped_at(i.get("StateTransitionReason")) if state == "stopped" else None,
        current_generation=as_bool(_type_info(raw).get("CurrentGeneration")),
    )


_STOPPED = re.compile(r"\((\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) (?:GMT|UTC)\)")


def stopped_at(reason: Any) -> datetime | None:
    """``User initiated (2024-01-31 10:00:00 GMT)`` -> that time (None when not stated)."""
    found = _STOPPED.search(str(reason or ""))
    if not found:
        return None
    return datetime.strptime(found.group(1), "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)


def _type_info(raw: Raw) -> dict[str, Any]:
    """DescribeInstanceTypes pages (concatenated): the one entry of the instance's type, or {}."""
    found = raw.get("type_info") or []
    return dict(found[0]) if found else {}


def _instance_type(raw: Raw) -> dict[str, Any] | None:
    kind = raw["item"].get("InstanceType")
    return {"InstanceTypes": [kind]} if kind else None


EC2_INSTANCES = ResourceSpec(
    model=EC2Instance,
    service="ec2",
    list_operation="describe_instances",
    list_path="Reservations[].Instances[]",
    details=(Detail("type_info", "describe_instance_types", _instance_type, "InstanceTypes", cache=True),),
    normalise=_instance,
)


def _own(ctx: Context) -> dict[str, Any]:
    """Only what the account owns (EC2 answers OwnerIds=self; the filter says it again)."""
    return {"Filters": [{"Name": "owner-id", "Values": [ctx.account]}]}


def _snapshot(raw: Raw, ctx: Context) -> EBSSnapshot | None:
    s = raw["item"]
    if s.get("OwnerId") not in (None, ctx.account):
        return None
    tags = tags_from_list(s.get("Tags"))
    grants = raw.get("permissions")
    return EBSSnapshot(
        id=ec2_arn(ctx, "snapshot", s["SnapshotId"]),
        name=tags.get("Name") or s["SnapshotId"],
        source=LIVE,
        region=ctx.region,
        account=ctx.account,
        tags=tags,
        snapshot_id=s["SnapshotId"],
        volume_id=blank(s.get("VolumeId")),
        encrypted=as_bool(s.get("Encrypted")),
        kms_key_id=blank(s.get("KmsKeyId")),
        state=s.get("State"),
        started_at=s.get("StartTime"),
        create_volume_groups=None if grants is None else sorted_strs(g.get("Group") for g in grants),
        create_volume_accounts=None if grants is None else sorted_strs(g.get("UserId") for g in grants),
    )


EBS_SNAPSHOTS = ResourceSpec(
    model=EBSSnapshot,
    service="ec2",
    list_operation="describe_snapshots",
    list_path="Snapshots",
    list_params=lambda ctx: {"OwnerIds": ["self"], **_own(ctx)},
    details=(
        Detail(
            "permissions",
            "describe_snapshot_attribute",
            lambda r: {"SnapshotId": r["item"]["SnapshotId"], "Attribute": "createVolumePermission"},
            "CreateVolumePermissions",
        ),
    ),
    normalise=_snapshot,
)


def _image(raw: Raw, ctx: Context) -> AMI | None:
    i = raw["item"]
    if i.get("OwnerId") not in (None, ctx.account):
        return None
    tags = tags_from_list(i.get("Tags"))
    return AMI(
        id=f"arn:{ctx.partition}:ec2:{ctx.region}::image/{i['ImageId']}",
        name=tags.get("Name") or i.get("Name") or i["ImageId"],
        source=LIVE,
        region=ctx.region,
        account=ctx.account,
        tags=tags,
        image_id=i["ImageId"],
        state=i.get("State"),
        public=as_bool(i.get("Public")),
    )


AMIS = ResourceSpec(
    model=AMI,
    service="ec2",
    list_operation="describe_images",
    list_path="Images",
    list_params=lambda ctx: {"Owners": ["self"], **_own(ctx)},
    normalise=_image,
)


def _address(raw: Raw, ctx: Context) -> ElasticIP:
    a = raw["item"]
    tags = tags_from_list(a.get("Tags"))
    ident = a.get("AllocationId") or a.get("PublicIp")
    return ElasticIP(
        id=ec2_arn(ctx, "elastic-ip", str(ident)),
        name=tags.get("Name") or str(ident),
        source=LIVE,
        region=ctx.region,
        account=ctx.account,
        tags=tags,
        allocation_id=blank(a.get("AllocationId")),
        public_ip=blank(a.get("PublicIp")),
        association_id=blank(a.get("AssociationId")),
        instance_id=blank(a.get("InstanceId")),
        network_interface_id=blank(a.get("NetworkInterfaceId")),
    )


ELASTIC_IPS = ResourceSpec(
    model=ElasticIP,
    service="ec2",
    list_operation="describe_addresses",
    list_path="Addresses",
    normalise=_address,
)


def _vault(raw: Raw, ctx: Context) -> BackupVault:
    v = raw["item"]
    return BackupVault(
        id=v.get("BackupVaultArn")
        or f"arn:{ctx.partition}:backup:{ctx.region}:{ctx.account}:backup-vault:{v['BackupVaultName']}",
        name=v["BackupVaultName"],
        source=LIVE,
        region=ctx.region,
        account=ctx.account,
        tags=raw.get("tags") or {},
        vault_name=v["BackupVaultName"],
        encryption_key_arn=blank(v.get("EncryptionKeyArn")),
        locked=as_bool(v.get("Locked")),
        min_retention_days=as_int(v.get("MinRetentionDays")),
        max_retention_days=as_int(v.get("MaxRetentionDays")),
        recovery_points=as_int(v.get("NumberOfRecoveryPoints")),
    )


BACKUP_VAULTS = ResourceSpec(
    model=BackupVault,
    service="backup",
    list_operation="list_backup_vaults",
    list_path="BackupVaultList",
    details=(Detail("tags", "list_tags", lambda r: {"ResourceArn": r["item"]["BackupVaultArn"]}, "Tags"),),
    normalise=_vault,
)


def account_public_access_block(config: Any) -> PublicAccessBlock | None:
    if config is None:
        return None
    return PublicAccessBlock(
        block_public_acls=bool(config.get("BlockPublicAcls", False)),
        ignore_public_acls=bool(config.get("IgnorePublicAcls", False)),
        block_public_policy=bool(config.get("BlockPublicPolicy", False)),
        restrict_public_buckets=bool(config.get("RestrictPublicBuckets", False)),
    )


def _account_pab(raw: Raw, ctx: Context) -> S3AccountPublicAccessBlock:
    return S3AccountPublicAccessBlock(
        id=f"arn:{ctx.partition}:s3:::account/{ctx.account}/public-access-block",
        name=f"S3 account public access block ({ctx.account})",
        source=LIVE,
        region=None,
        account=ctx.account,
        public_access_block=account_public_access_block(raw.get("config")),
    )


# One item per account: the account id itself (GetCallerIdentity needs no permission); the
# setting is a detail so that "not configured" (NoSuchPublicAccessBlockConfiguration) reads as None.
S3_ACCOUNT_PUBLIC_ACCESS_BLOCK = ResourceSpec(
    model=S3AccountPublicAccessBlock,
    service="s3control",
    scope="global",
    list_service="sts",
    list_operation="get_caller_identity",
    list_path="[Account]",
    list_action="sts:GetCallerIdentity",
    details=(
        Detail(
            "config",
            "get_public_access_block",
            lambda r: {"AccountId": r["_account"]},
            "PublicAccessBlockConfiguration",
            missing=("NoSuchPublicAccessBlockConfiguration",),
            action="s3:GetAccountPublicAccessBlock",
        ),
    ),
    normalise=_account_pab,
)

SPECS = (
    SECURITY_GROUPS,
    VPCS,
    EBS_ENCRYPTION_BY_DEFAULT,
    EBS_VOLUMES,
    EC2_INSTANCES,
    EBS_SNAPSHOTS,
    AMIS,
    ELASTIC_IPS,
    BACKUP_VAULTS,
    S3_ACCOUNT_PUBLIC_ACCESS_BLOCK,
)
