"""The clean account's EC2, VPC, EBS and S3 account-level foundations: a VPC with flow logs to a
CloudWatch log group, security groups open only to the VPC's range and to each other, EBS
encryption by default, an encrypted gp3 volume attached to one instance (Graviton, IMDSv2 only,
detailed monitoring, an instance profile, no public address), a private encrypted snapshot and a
private image of them, an Elastic IP on a network interface, a locked AWS Backup vault, and the
account-wide S3 public access block. The default VPC moto creates is left unused (tagged, nothing in it)."""

from __future__ import annotations

import json
import re
from typing import Any

from tests.generic_account.seed_core import ACCOUNT, TAGS, data_key_arn, tag_list

VPC_NAME = "shop-vpc"
WEB_SG = "shop-web"
DB_SG = "shop-db"
INSTANCE = "shop-app"
VOLUME = "shop-data"
INSTANCE_ROLE = "shop-app"
SNAPSHOT = "shop-data-snap"
IMAGE = "shop-app-image"
EGRESS_IP = "shop-egress-ip"
BACKUP_VAULT = "shop-vault"
FLOW_LOG_GROUP = "/shop/vpc-flow-logs"
FLOW_LOG_ROLE = "shop-vpc-flow-logs"
DEFAULT_VPC_NAME = "default-vpc"


def named(name: str, resource_type: str) -> list[dict[str, Any]]:
    return [{"ResourceType": resource_type, "Tags": [{"Key": "Name", "Value": name}, *tag_list()]}]


def s3control(aws: Any) -> Any:
    """S3 Control addresses ``<account>.<endpoint>``, a host the emulator does not have: drop it."""
    client = aws("s3control")

    def strip(request: Any, **_: Any) -> None:
        request.url = re.sub(r"^(\w+://)\d{12}\.", r"\1", request.url)

    client.meta.events.register("before-sign.s3-control", strip)
    return client


def by_name(aws: Any, kind: str, name: str) -> str:
    """The id of the tagged ``Name`` EC2 resource (``vpc``, ``security-group``, ``instance``, ``volume``)."""
    ec2 = aws("ec2")
    flt = [{"Name": "tag:Name", "Values": [name]}]
    if kind == "vpc":
        return str(ec2.describe_vpcs(Filters=flt)["Vpcs"][0]["VpcId"])
    if kind == "security-group":
        return str(ec2.describe_security_groups(Filters=flt)["SecurityGroups"][0]["GroupId"])
    if kind == "instance":
        return str(ec2.describe_instances(Filters=flt)["Reservations"][0]["Instances"][0]["InstanceId"])
    return str(ec2.describe_volumes(Filters=flt)["Volumes"][0]["VolumeId"])


def default_vpc(aws: Any) -> str:
    vpcs = aws("ec2").describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"]
    return str(vpcs[0]["VpcId"])


def _tag_default_vpc(aws: Any) -> None:
    """moto's default VPC and its default security group: tagged (resource_tagging), left unused."""
    ec2 = aws("ec2")
    vpc = default_vpc(aws)
    groups = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["SecurityGroups"]
    ec2.create_tags(Resources=[vpc], Tags=[{"Key": "Name", "Value": DEFAULT_VPC_NAME}, *tag_list()])
    ec2.create_tags(
        Resources=[g["GroupId"] for g in groups],
        Tags=[{"Key": "Name", "Value": f"{DEFAULT_VPC_NAME}-default"}, *tag_list()],
    )


def _flow_log_role(aws: Any, log_group_arn: str) -> str:
    iam = aws("iam")
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "vpc-flow-logs.amazonaws.com"},
                "Action": "sts:AssumeRole",
                "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}},
            }
        ],
    }
    role = iam.create_role(
        RoleName=FLOW_LOG_ROLE, AssumeRolePolicyDocument=json.dumps(trust), Tags=tag_list()
    )["Role"]["Arn"]
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                "Resource": [log_group_arn, f"{log_group_arn}:log-stream:*"],
            }
        ],
    }
    iam.put_role_policy(
        RoleName=FLOW_LOG_ROLE, PolicyName="deliver-flow-logs", PolicyDocument=json.dumps(policy)
    )
    return str(role)


def _network(aws: Any) -> tuple[str, str, str]:
    ec2 = aws("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16", TagSpecifications=named(VPC_NAME, "vpc"))["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(
        VpcId=vpc, CidrBlock="10.0.1.0/24", TagSpecifications=named("shop-private-a", "subnet")
    )["Subnet"]["SubnetId"]
    own_default = ec2.describe_security_groups(
        Filters=[{"Name": "vpc-id", "Values": [vpc]}, {"Name": "group-name", "Values": ["default"]}]
    )["SecurityGroups"][0]["GroupId"]
    ec2.create_tags(
        Resources=[own_default], Tags=[{"Key": "Name", "Value": f"{VPC_NAME}-default"}, *tag_list()]
    )

    logs = aws("logs")
    logs.create_log_group(logGroupName=FLOW_LOG_GROUP, kmsKeyId=data_key_arn(aws), tags=dict(TAGS))
    logs.put_retention_policy(logGroupName=FLOW_LOG_GROUP, retentionInDays=90)
    group_arn = f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:{FLOW_LOG_GROUP}"
    ec2.create_flow_logs(
        ResourceIds=[vpc],
        ResourceType="VPC",
        TrafficType="ALL",
        LogDestinationType="cloud-watch-logs",
        LogGroupName=FLOW_LOG_GROUP,
        DeliverLogsPermissionArn=_flow_log_role(aws, group_arn),
        TagSpecifications=named("shop-vpc-flow", "vpc-flow-log"),
    )

    web = ec2.create_security_group(
        GroupName=WEB_SG,
        Description="HTTPS from inside the VPC",
        VpcId=vpc,
        TagSpecifications=named(WEB_SG, "security-group"),
    )["GroupId"]
    ec2.authorize_security_group_ingress(
        GroupId=web,
        IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "10.0.0.0/16"}]}
        ],
    )
    db = ec2.create_security_group(
        GroupName=DB_SG,
        Description="PostgreSQL from the web tier only",
        VpcId=vpc,
        TagSpecifications=named(DB_SG, "security-group"),
    )["GroupId"]
    ec2.authorize_security_group_ingress(
        GroupId=db,
        IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "UserIdGroupPairs": [{"GroupId": web}]}
        ],
    )
    return vpc, subnet, web


def _instance_profile(aws: Any) -> str:
    """The instance's role: temporary credentials, no permissions it does not use (none yet)."""
    iam = aws("iam")
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "ec2.amazonaws.com"},
                "Action": "sts:AssumeRole",
                "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}},
            }
        ],
    }
    iam.create_role(RoleName=INSTANCE_ROLE, AssumeRolePolicyDocument=json.dumps(trust), Tags=tag_list())
    iam.create_instance_profile(InstanceProfileName=INSTANCE_ROLE, Tags=tag_list())
    iam.add_role_to_instance_profile(InstanceProfileName=INSTANCE_ROLE, RoleName=INSTANCE_ROLE)
    return INSTANCE_ROLE


def _compute(aws: Any, subnet: str, web: str) -> None:
    ec2 = aws("ec2")
    ec2.enable_ebs_encryption_by_default()
    image = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
    instance = ec2.run_instances(
        ImageId=image,
        InstanceType="t4g.micro",  # Graviton, current generation
        MinCount=1,
        MaxCount=1,
        SubnetId=subnet,
        SecurityGroupIds=[web],
        Monitoring={"Enabled": True},
        IamInstanceProfile={"Name": _instance_profile(aws)},
        MetadataOptions={"HttpTokens": "required", "HttpEndpoint": "enabled"},
        BlockDeviceMappings=[
            {"DeviceName": "/dev/sda1", "Ebs": {"VolumeSize": 8, "Encrypted": True, "VolumeType": "gp3"}}
        ],
        TagSpecifications=named(INSTANCE, "instance") + named(f"{INSTANCE}-root", "volume"),
    )["Instances"][0]["InstanceId"]
    zone = ec2.describe_subnets(SubnetIds=[subnet])["Subnets"][0]["AvailabilityZone"]
    volume = ec2.create_volume(
        AvailabilityZone=zone,
        Size=20,
        VolumeType="gp3",
        Encrypted=True,
        TagSpecifications=named(VOLUME, "volume"),
    )["VolumeId"]
    ec2.attach_volume(VolumeId=volume, InstanceId=instance, Device="/dev/sdf")
    # An encrypted, private snapshot of the data volume and a private image of the instance.
    ec2.create_snapshot(VolumeId=volume, TagSpecifications=named(SNAPSHOT, "snapshot"))
    image_id = ec2.create_image(InstanceId=instance, Name=IMAGE)["ImageId"]
    ec2.create_tags(Resources=[image_id], Tags=[{"Key": "Name", "Value": IMAGE}, *tag_list()])
    own = ec2.describe_snapshots(OwnerIds=["self"], Filters=[{"Name": "owner-id", "Values": [ACCOUNT]}])
    image_snapshots = [x["SnapshotId"] for x in own["Snapshots"] if image_id in x.get("Description", "")]
    ec2.create_tags(Resources=image_snapshots, Tags=[{"Key": "Name", "Value": f"{IMAGE}-root"}, *tag_list()])
    # The egress address: an Elastic IP on a network interface of its own (not on the instance).
    eni = ec2.create_network_interface(
        SubnetId=subnet, Groups=[web], TagSpecifications=named(f"{EGRESS_IP}-eni", "network-interface")
    )["NetworkInterface"]["NetworkInterfaceId"]
    allocation = ec2.allocate_address(Domain="vpc", TagSpecifications=named(EGRESS_IP, "elastic-ip"))
    ec2.associate_address(AllocationId=allocation["AllocationId"], NetworkInterfaceId=eni)
    # An AWS Backup vault with the account's data key and a vault lock.
    backup = aws("backup")
    backup.create_backup_vault(
        BackupVaultName=BACKUP_VAULT, EncryptionKeyArn=data_key_arn(aws), BackupVaultTags=dict(TAGS)
    )
    backup.put_backup_vault_lock_configuration(
        BackupVaultName=BACKUP_VAULT, MinRetentionDays=7, MaxRetentionDays=365
    )


def seed(aws: Any) -> None:
    s3control(aws).put_public_access_block(
        AccountId=ACCOUNT,
        PublicAccessBlockConfiguration={
            k: True
            for k in ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")
        },
    )
    _tag_default_vpc(aws)
    _vpc, subnet, web = _network(aws)
    _compute(aws, subnet, web)
