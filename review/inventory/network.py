"""VPC networking: NAT gateways (the platform must not need one), and the account foundations
every workload sits on: security groups, VPCs and their flow logs, EBS encryption, EC2 instances
and the account-wide S3 public access block."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from coattail.review.inventory.base import Frozen, Resource
from coattail.review.inventory.s3 import PublicAccessBlock


class NatGateway(Resource):
    resource_type: ClassVar[str] = "AWS::EC2::NatGateway"
    service: ClassVar[str] = "ec2"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_nat_gateway",)

    state: str | None = None  # pending | available | deleting | deleted | failed
    connectivity_type: str | None = None  # public | private
    vpc_id: str | None = None
    subnet_id: str | None = None

    @property
    def billing(self) -> bool:
        """Deleted and failed gateways no longer bill."""
        return self.state not in ("deleted", "deleting", "failed")


# -- account foundations: security groups, VPCs, EBS, instances ---------------------------------
class IngressRule(Frozen):
    """One ingress permission for one source range (a rule naming two CIDRs is two entries).

    ``protocol`` is as EC2 reports it (``tcp``, ``udp``, ``icmp``, ``-1`` for all); ports are
    ``None`` for protocol ``-1`` (every port). ``source`` is an IPv4/IPv6 CIDR, a security group id
    or a prefix list id.
    """

    protocol: str
    from_port: int | None = None
    to_port: int | None = None
    source: str

    @property
    def all_traffic(self) -> bool:
        return self.protocol in ("-1", "all")

    def covers(self, port: int) -> bool:
        """Does this rule open ``port`` (TCP/UDP, a port range or every protocol)?"""
        if self.all_traffic:
            return True
        if self.protocol not in ("tcp", "udp", "6", "17"):
            return False
        low = self.from_port if self.from_port is not None else 0
        high = self.to_port if self.to_port is not None else 65535
        if low == -1:  # EC2's "all ports" spelling for tcp/udp
            return True
        return low <= port <= high


class SecurityGroup(Resource):
    resource_type: ClassVar[str] = "AWS::EC2::SecurityGroup"
    service: ClassVar[str] = "ec2"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_security_group",)

    group_id: str | None = None
    vpc_id: str | None = None
    description: str | None = None
    ingress: tuple[IngressRule, ...] = ()


class VPC(Resource):
    resource_type: ClassVar[str] = "AWS::EC2::VPC"
    service: ClassVar[str] = "ec2"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_vpc",)

    vpc_id: str | None = None
    cidr_block: str | None = None
    is_default: bool = False
    #: ids of flow logs whose status is ACTIVE (None: not read)
    active_flow_logs: tuple[str, ...] | None = None
    #: network interfaces in the VPC: anything running there has one (None: not read)
    network_interfaces: int | None = None


class EBSEncryptionByDefault(Resource):
    """The per-region EBS setting: new volumes are encrypted whatever their creator asks."""

    resource_type: ClassVar[str] = "AWS::EC2::EBSEncryptionByDefault"
    service: ClassVar[str] = "ec2"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_ebs_encryption_by_default",)

    enabled: bool | None = None


class EBSVolume(Resource):
    resource_type: ClassVar[str] = "AWS::EC2::Volume"
    service: ClassVar[str] = "ec2"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_ebs_volume",)

    volume_id: str | None = None
    encrypted: bool | None = None
    kms_key_id: str | None = None
    size_gb: int | None = None
    volume_type: str | None = None
    state: str | None = None
    attached_instances: tuple[str, ...] = ()


class EC2Instance(Resource):
    resource_type: ClassVar[str] = "AWS::EC2::Instance"
    service: ClassVar[str] = "ec2"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_instance",)

    instance_id: str | None = None
    instance_type: str | None = None
    state: str | None = None  # pending | running | stopping | stopped | shutting-down | terminated
    vpc_id: str | None = None
    #: instance metadata service: ``required`` = IMDSv2 only, ``optional`` = IMDSv1 still answers
    http_tokens: str | None = None
    http_endpoint: str | None = None  # enabled | disabled
    subnet_id: str | None = None
    #: the public IPv4 address (auto-assigned or an Elastic IP); None: none (or not read)
    public_ip: str | None = None
    #: the instance profile (its ARN live, its name in Terraform); None: no profile
    instance_profile: str | None = None
    monitoring: str | None = None  # disabled | disabling | enabled | pending (detailed monitoring)
    #: when a user stopped the instance (parsed from the state transition reason)
    stopped_at: datetime | None = None
    #: EC2's own classification of the instance type (DescribeInstanceTypes); None: not read
    current_generation: bool | None = None


class EBSSnapshot(Resource):
    """A snapshot the account owns (public AMIs' snapshots owned by others are not listed)."""

    resource_type: ClassVar[str] = "AWS::EC2::Snapshot"
    service: ClassVar[str] = "ec2"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_ebs_snapshot",)

    snapshot_id: str | None = None
    volume_id: str | None = None
    encrypted: bool | None = None
    kms_key_id: str | None = None
    state: str | None = None
    started_at: datetime | None = None  # StartTime: when the snapshot was taken
    #: createVolumePermission grants: ``all`` (public) and account ids; None: not read
    create_volume_groups: tuple[str, ...] | None = None
    create_volume_accounts: tuple[str, ...] | None = None

    @property
    def public(self) -> bool | None:
        return None if self.create_volume_groups is None else "all" in self.create_volume_groups


class AMI(Resource):
    """A machine image the account owns."""

    resource_type: ClassVar[str] = "AWS::EC2::Image"
    service: ClassVar[str] = "ec2"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_ami", "aws_ami_copy", "aws_ami_from_instance")

    image_id: str | None = None
    state: str | None = None
    public: bool | None = None


class ElasticIP(Resource):
    """An Elastic IP address allocated to the account (billed while not associated)."""

    resource_type: ClassVar[str] = "AWS::EC2::EIP"
    service: ClassVar[str] = "ec2"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_eip",)

    allocation_id: str | None = None
    public_ip: str | None = None
    association_id: str | None = None
    instance_id: str | None = None
    network_interface_id: str | None = None

    @property
    def associated(self) -> bool:
        return bool(self.association_id or self.instance_id or self.network_interface_id)


class BackupVault(Resource):
    """An AWS Backup vault: its encryption key and its vault lock (immutable recovery points)."""

    resource_type: ClassVar[str] = "AWS::Backup::BackupVault"
    service: ClassVar[str] = "backup"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_backup_vault",)

    vault_name: str | None = None
    encryption_key_arn: str | None = None
    locked: bool | None = None
    min_retention_days: int | None = None
    max_retention_days: int | None = None
    recovery_points: int | None = None


class S3AccountPublicAccessBlock(Resource):
    """The account-wide S3 Block Public Access setting (one per account; ``None``: not configured)."""

    resource_type: ClassVar[str] = "AWS::S3::AccountPublicAccessBlock"
    service: ClassVar[str] = "s3control"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_s3_account_public_access_block",)

    public_access_block: PublicAccessBlock | None = None
