"""Misconfigurations of the clean account's EC2, VPC, EBS and S3 account-level foundations."""

from __future__ import annotations

from typing import Any

from tests.generic_account.seed_core import ACCOUNT
from tests.generic_account.seed_network_foundations import (
    DB_SG,
    DEFAULT_VPC_NAME,
    INSTANCE,
    VPC_NAME,
    WEB_SG,
    by_name,
    default_vpc,
    named,
    s3control,
)


def _open_ssh_to_the_world(aws: Any) -> None:
    aws("ec2").authorize_security_group_ingress(
        GroupId=by_name(aws, "security-group", WEB_SG),
        IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}
        ],
    )


def _open_postgres_to_ipv6(aws: Any) -> None:
    aws("ec2").authorize_security_group_ingress(
        GroupId=by_name(aws, "security-group", DB_SG),
        IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}
        ],
    )


def _delete_flow_logs(aws: Any) -> None:
    ec2 = aws("ec2")
    vpc = by_name(aws, "vpc", VPC_NAME)
    logs = ec2.describe_flow_logs(Filters=[{"Name": "resource-id", "Values": [vpc]}])["FlowLogs"]
    ec2.delete_flow_logs(FlowLogIds=[f["FlowLogId"] for f in logs])


def _unencrypted_volume(aws: Any) -> None:
    ec2 = aws("ec2")
    ec2.disable_ebs_encryption_by_default()  # an explicit Encrypted=False is overridden otherwise
    ec2.create_volume(
        AvailabilityZone="us-east-1a",
        Size=50,
        VolumeType="gp3",
        Encrypted=False,
        TagSpecifications=named("shop-scratch", "volume"),
    )
    ec2.enable_ebs_encryption_by_default()


def _use_default_vpc(aws: Any) -> None:
    ec2 = aws("ec2")
    subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [default_vpc(aws)]}])["Subnets"]
    ec2.create_network_interface(
        SubnetId=subnets[0]["SubnetId"], TagSpecifications=named("stray-eni", "network-interface")
    )


def misconfigurations(M: Any) -> list[Any]:
    return [
        M("SSH open to 0.0.0.0/0", "ec2_security_group_admin_ports_closed", WEB_SG, _open_ssh_to_the_world),
        M("PostgreSQL open to ::/0", "ec2_security_group_admin_ports_closed", DB_SG, _open_postgres_to_ipv6),
        M("VPC flow logs deleted", "vpc_flow_logs_enabled", VPC_NAME, _delete_flow_logs),
        M(
            "EBS encryption by default disabled",
            "ebs_default_encryption",
            "ebs-encryption-by-default",
            lambda aws: aws("ec2").disable_ebs_encryption_by_default(),
        ),
        M("Unencrypted EBS volume created", "ebs_volume_encrypted", "shop-scratch", _unencrypted_volume),
        M(
            "Instance metadata allows IMDSv1 (HttpTokens optional)",
            "ec2_imdsv2_required",
            INSTANCE,
            lambda aws: aws("ec2").modify_instance_metadata_options(
                InstanceId=by_name(aws, "instance", INSTANCE), HttpTokens="optional"
            ),
        ),
        M(
            "S3 account public access block deleted",
            "s3_account_public_access_blocked",
            "public-access-block",
            lambda aws: s3control(aws).delete_public_access_block(AccountId=ACCOUNT),
        ),
        M(
            "Default VPC put in use (a network interface)",
            "ec2_default_vpc_unused",
            DEFAULT_VPC_NAME,
            _use_default_vpc,
        ),
    ]
