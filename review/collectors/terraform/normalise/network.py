"""Terraform -> inventory: the account foundations (security groups, VPCs and their flow logs, EBS
encryption by default and volumes, EC2 instances, the account-wide S3 public access block)."""

from __future__ import annotations

from typing import Any

from coattail.review.collectors.live.specs.network import ingress_rules
from coattail.review.collectors.terraform.context import TfContext
from coattail.review.collectors.terraform.loader import TfResource
from coattail.review.collectors.values import as_bool, as_int, blank, first, sorted_strs, strs
from coattail.review.inventory import (
    AMI,
    VPC,
    BackupVault,
    EBSEncryptionByDefault,
    EBSSnapshot,
    EBSVolume,
    EC2Instance,
    ElasticIP,
    PublicAccessBlock,
    Resource,
    S3AccountPublicAccessBlock,
    SecurityGroup,
)


def _permission(block: dict[str, Any], *, self_id: str | None = None) -> dict[str, Any]:
    """A Terraform ingress block or rule resource -> EC2's IpPermissions shape (one entry)."""
    groups = strs(block.get("security_groups")) + strs(block.get("source_security_group_id"))
    groups += strs(block.get("referenced_security_group_id"))
    if block.get("self") and self_id:
        groups += (self_id,)
    prefix_lists = strs(block.get("prefix_list_ids")) + strs(block.get("prefix_list_id"))
    return {
        "IpProtocol": str(block.get("protocol") or block.get("ip_protocol") or "-1"),
        "FromPort": block.get("from_port"),
        "ToPort": block.get("to_port"),
        "IpRanges": [{"CidrIp": c} for c in strs(block.get("cidr_blocks")) + strs(block.get("cidr_ipv4"))],
        "Ipv6Ranges": [
            {"CidrIpv6": c} for c in strs(block.get("ipv6_cidr_blocks")) + strs(block.get("cidr_ipv6"))
        ],
        "UserIdGroupPairs": [{"GroupId": g} for g in groups],
        "PrefixListIds": [{"PrefixListId": p} for p in prefix_lists],
    }


def security_group(ctx: TfContext, r: TfResource) -> Resource:
    tags = r.get("tags") or {}
    group_id = blank(r.get("id"))
    blocks = [_permission(b, self_id=group_id) for b in r.get("ingress") or () if isinstance(b, dict)]
    for rule in ctx.related("aws_vpc_security_group_ingress_rule", "security_group_id", r, (group_id,)):
        blocks.append(_permission(rule.values))
    for rule in ctx.related("aws_security_group_rule", "security_group_id", r, (group_id,)):
        if rule.get("type") == "ingress":
            blocks.append(_permission(rule.values, self_id=group_id))
    name = r.get("name") or r.name
    return SecurityGroup(
        **ctx.base(
            r,
            arn=blank(r.get("arn")),
            name=tags.get("Name") or (f"{name} ({group_id})" if group_id else name),
        ),
        group_id=group_id,
        vpc_id=blank(r.get("vpc_id")),
        description=blank(r.get("description")),
        ingress=ingress_rules(blocks),
    )


def vpc(ctx: TfContext, r: TfResource) -> Resource:
    tags = r.get("tags") or {}
    vpc_id = blank(r.get("id"))
    flow_logs = ctx.related("aws_flow_log", "vpc_id", r, (vpc_id,))
    return VPC(
        **ctx.base(r, arn=blank(r.get("arn")), name=tags.get("Name") or vpc_id or r.name),
        vpc_id=vpc_id,
        cidr_block=blank(r.get("cidr_block")),
        is_default=False,
        active_flow_logs=sorted_strs(f.get("id") or f.address for f in flow_logs),
        network_interfaces=None,  # not in Terraform: whatever runs in the VPC is elsewhere
    )


def ebs_encryption_by_default(ctx: TfContext, r: TfResource) -> Resource:
    return EBSEncryptionByDefault(
        **ctx.base(
            r,
            arn=f"arn:{ctx.partition}:ec2:{ctx.region}:{ctx.account}:ebs-encryption-by-default"
            if ctx.account
            else None,
            name=f"EBS encryption by default ({ctx.region})",
        ),
        enabled=as_bool(r.values.get("enabled", True)),
    )


def ebs_volume(ctx: TfContext, r: TfResource) -> Resource:
    tags = r.get("tags") or {}
    return EBSVolume(
        **ctx.base(r, arn=blank(r.get("arn")), name=tags.get("Name") or r.get("id") or r.name),
        volume_id=blank(r.get("id")),
        encrypted=as_bool(r.get("encrypted")),
        kms_key_id=blank(r.get("kms_key_id")),
        size_gb=as_int(r.get("size")),
        volume_type=blank(r.get("type")),
        state=None,
        attached_instances=(),
    )


def instance(ctx: TfContext, r: TfResource) -> Resource:
    tags = r.get("tags") or {}
    meta = first(r.get("metadata_options"))
    return EC2Instance(
        **ctx.base(r, arn=blank(r.get("arn")), name=tags.get("Name") or r.get("id") or r.name),
        instance_id=blank(r.get("id")),
        instance_type=blank(r.get("instance_type")),
        state=blank(r.get("instance_state")),
        vpc_id=None,
        http_tokens=blank(meta.get("http_tokens")),
        http_endpoint=blank(meta.get("http_endpoint")),
        subnet_id=blank(r.get("subnet_id")),
        public_ip=blank(r.get("public_ip")),
        instance_profile=blank(r.get("iam_instance_profile")),
        monitoring=None if r.get("monitoring") is None else "enabled" if r.get("monitoring") else "disabled",
    )


def ebs_snapshot(ctx: TfContext, r: TfResource) -> Resource:
    """Terraform shares a snapshot only with named accounts (aws_snapshot_create_volume_permission)."""
    tags = r.get("tags") or {}
    snapshot_id = blank(r.get("id"))
    shares = ctx.related("aws_snapshot_create_volume_permission", "snapshot_id", r, (snapshot_id,))
    return EBSSnapshot(
        **ctx.base(r, arn=blank(r.get("arn")), name=tags.get("Name") or snapshot_id or r.name),
        snapshot_id=snapshot_id,
        volume_id=blank(r.get("volume_id")),
        encrypted=as_bool(r.get("encrypted")),
        kms_key_id=blank(r.get("kms_key_id")),
        state=None,
        create_volume_groups=(),
        create_volume_accounts=sorted_strs(s.get("account_id") for s in shares),
    )


def ami(ctx: TfContext, r: TfResource) -> Resource:
    tags = r.get("tags") or {}
    image_id = blank(r.get("id"))
    grants = ctx.related("aws_ami_launch_permission", "image_id", r, (image_id,))
    return AMI(
        **ctx.base(r, arn=blank(r.get("arn")), name=tags.get("Name") or r.get("name") or r.name),
        image_id=image_id,
        state=None,
        public=any(g.get("group") == "all" for g in grants),
    )


def eip(ctx: TfContext, r: TfResource) -> Resource:
    tags = r.get("tags") or {}
    allocation = blank(r.get("allocation_id")) or blank(r.get("id"))
    links = ctx.related("aws_eip_association", "allocation_id", r, (allocation,))
    link = links[0] if links else None
    return ElasticIP(
        **ctx.base(r, arn=blank(r.get("arn")), name=tags.get("Name") or allocation or r.name),
        allocation_id=allocation,
        public_ip=blank(r.get("public_ip")),
        association_id=blank(r.get("association_id"))
        or (blank(link.get("id")) or link.address if link else None),
        instance_id=blank(r.get("instance")) or (blank(link.get("instance_id")) if link else None),
        network_interface_id=blank(r.get("network_interface"))
        or (blank(link.get("network_interface_id")) if link else None),
    )


def backup_vault(ctx: TfContext, r: TfResource) -> Resource:
    name = str(r.get("name") or r.name)
    locks = ctx.related("aws_backup_vault_lock_configuration", "backup_vault_name", r, (name,))
    lock = locks[0] if locks else None
    return BackupVault(
        **ctx.base(r, arn=blank(r.get("arn")), name=name),
        vault_name=name,
        encryption_key_arn=blank(r.get("kms_key_arn")),
        locked=lock is not None,
        min_retention_days=as_int(lock.get("min_retention_days")) if lock else None,
        max_retention_days=as_int(lock.get("max_retention_days")) if lock else None,
        recovery_points=None,
    )


def account_public_access_block(ctx: TfContext, r: TfResource) -> Resource:
    account = blank(r.get("account_id")) or ctx.account
    return S3AccountPublicAccessBlock(
        **ctx.base(
            r,
            arn=f"arn:{ctx.partition}:s3:::account/{account}/public-access-block" if account else None,
            name=f"S3 account public access block ({account or 'this account'})",
            region=None,
        ),
        public_access_block=PublicAccessBlock(
            block_public_acls=bool(r.get("block_public_acls", False)),
            ignore_public_acls=bool(r.get("ignore_public_acls", False)),
            block_public_policy=bool(r.get("block_public_policy", False)),
            restrict_public_buckets=bool(r.get("restrict_public_buckets", False)),
        ),
    )


NORMALISERS = {
    "aws_security_group": security_group,
    "aws_vpc": vpc,
    "aws_ebs_encryption_by_default": ebs_encryption_by_default,
    "aws_ebs_volume": ebs_volume,
    "aws_instance": instance,
    "aws_ebs_snapshot": ebs_snapshot,
    "aws_ami": ami,
    "aws_ami_copy": ami,
    "aws_ami_from_instance": ami,
    "aws_eip": eip,
    "aws_backup_vault": backup_vault,
    "aws_s3_account_public_access_block": account_public_access_block,
}
