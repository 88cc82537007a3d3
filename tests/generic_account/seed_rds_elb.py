"""The clean account's database and entry point.

A private PostgreSQL instance on a Graviton class (encrypted, Multi-AZ, a week of backups, deletion
protection, IAM authentication, Enhanced Monitoring, engine logs exported, minor upgrades applied,
tags copied to snapshots) and an internet-facing application load balancer (HTTPS on a TLS 1.2+
policy, port 80 redirecting to HTTPS, invalid headers dropped, deletion protection, access logs to
a bucket that itself passes the S3 checks, and also receives the VPC's flow logs) in a VPC with two
subnets in different Availability Zones."""

from __future__ import annotations

import json
import secrets
from typing import Any

from tests.generic_account.seed_core import ACCOUNT, tag_list, tls_only

DB = "shop-db"
LB = "shop-web"
LOG_BUCKET = "shop-web-access-logs"
TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06"
DB_SUBNET_GROUP = "shop-db-subnets"


def _network(aws: Any) -> tuple[str, list[str]]:
    ec2 = aws("ec2")
    tags = [{"ResourceType": "vpc", "Tags": tag_list()}]
    vpc = ec2.create_vpc(CidrBlock="10.30.0.0/16", TagSpecifications=tags)["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(
            VpcId=vpc,
            CidrBlock=f"10.30.{n}.0/24",
            AvailabilityZone=f"us-east-1{zone}",
            TagSpecifications=[{"ResourceType": "subnet", "Tags": tag_list()}],
        )["Subnet"]["SubnetId"]
        for n, zone in ((1, "a"), (2, "b"))
    ]
    ec2.create_flow_logs(
        ResourceIds=[vpc],
        ResourceType="VPC",
        TrafficType="ALL",
        LogDestinationType="s3",
        # no key prefix: moto takes "bucket/prefix" for a bucket name
        LogDestination=f"arn:aws:s3:::{LOG_BUCKET}",
        TagSpecifications=[{"ResourceType": "vpc-flow-log", "Tags": tag_list()}],
    )
    return vpc, subnets


def _log_bucket(aws: Any) -> None:
    """ALB access logs accept SSE-S3 only (not SSE-KMS): AES256, bucket key flag set as the S3 checks ask."""
    s3 = aws("s3")
    s3.create_bucket(Bucket=LOG_BUCKET)
    arn = f"arn:aws:s3:::{LOG_BUCKET}"
    statements = json.loads(tls_only(LOG_BUCKET))["Statement"] + [
        {
            "Sid": "ElbLogDelivery",
            "Effect": "Allow",
            "Principal": {"Service": "logdelivery.elasticloadbalancing.amazonaws.com"},
            "Action": "s3:PutObject",
            "Resource": f"{arn}/{LB}/AWSLogs/{ACCOUNT}/*",
            "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}},
        },
        {
            "Sid": "FlowLogDelivery",
            "Effect": "Allow",
            "Principal": {"Service": "delivery.logs.amazonaws.com"},
            "Action": "s3:PutObject",
            "Resource": f"{arn}/AWSLogs/{ACCOUNT}/*",
            "Condition": {
                "StringEquals": {"aws:SourceAccount": ACCOUNT, "s3:x-amz-acl": "bucket-owner-full-control"}
            },
        },
        {
            "Sid": "FlowLogAclCheck",
            "Effect": "Allow",
            "Principal": {"Service": "delivery.logs.amazonaws.com"},
            "Action": "s3:GetBucketAcl",
            "Resource": arn,
            "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}},
        },
    ]
    s3.put_bucket_policy(
        Bucket=LOG_BUCKET, Policy=json.dumps({"Version": "2012-10-17", "Statement": statements})
    )
    s3.put_public_access_block(
        Bucket=LOG_BUCKET,
        PublicAccessBlockConfiguration={
            k: True
            for k in ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")
        },
    )
    s3.put_bucket_encryption(
        Bucket=LOG_BUCKET,
        ServerSideEncryptionConfiguration={
            "Rules": [
                {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}, "BucketKeyEnabled": True}
            ]
        },
    )
    s3.put_bucket_ownership_controls(
        Bucket=LOG_BUCKET, OwnershipControls={"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
    )
    s3.put_bucket_versioning(Bucket=LOG_BUCKET, VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_lifecycle_configuration(
        Bucket=LOG_BUCKET,
        LifecycleConfiguration={
            "Rules": [
                {
                    "ID": "expire-logs",
                    "Status": "Enabled",
                    "Filter": {"Prefix": ""},
                    "Expiration": {"Days": 90},
                    "NoncurrentVersionExpiration": {"NoncurrentDays": 30},
                    "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 7},
                }
            ]
        },
    )
    s3.put_bucket_tagging(Bucket=LOG_BUCKET, Tagging={"TagSet": tag_list()})


def _database(aws: Any, subnets: list[str]) -> None:
    rds = aws("rds")
    rds.create_db_subnet_group(
        DBSubnetGroupName=DB_SUBNET_GROUP,
        DBSubnetGroupDescription="shop database, private subnets in two AZs",
        SubnetIds=subnets,
        Tags=tag_list(),
    )
    rds.create_db_instance(
        DBInstanceIdentifier=DB,
        DBInstanceClass="db.t4g.micro",
        Engine="postgres",
        AllocatedStorage=20,
        StorageType="gp3",
        MasterUsername="shop",
        # Generated and never stored: moto's managed master secret is untagged and never rotates.
        MasterUserPassword=secrets.token_urlsafe(24),
        StorageEncrypted=True,
        PubliclyAccessible=False,
        MultiAZ=True,
        BackupRetentionPeriod=7,
        DeletionProtection=True,
        AutoMinorVersionUpgrade=True,
        EnableIAMDatabaseAuthentication=True,
        MonitoringInterval=60,
        MonitoringRoleArn=f"arn:aws:iam::{ACCOUNT}:role/rds-monitoring-role",
        CopyTagsToSnapshot=True,
        EnableCloudwatchLogsExports=["postgresql", "upgrade"],
        DBSubnetGroupName=DB_SUBNET_GROUP,
        Tags=tag_list(),
    )


def _load_balancer(aws: Any, vpc: str, subnets: list[str]) -> None:
    ec2, elb = aws("ec2"), aws("elbv2")
    group = ec2.create_security_group(
        GroupName="shop-web",
        Description="shop web entry point",
        VpcId=vpc,
        TagSpecifications=[{"ResourceType": "security-group", "Tags": tag_list()}],
    )["GroupId"]
    cert = aws("acm").request_certificate(
        DomainName="shop.example.com", ValidationMethod="DNS", Tags=tag_list()
    )
    lb = elb.create_load_balancer(
        Name=LB,
        Subnets=subnets,
        SecurityGroups=[group],
        Scheme="internet-facing",
        Type="application",
        Tags=tag_list(),
    )["LoadBalancers"][0]["LoadBalancerArn"]
    elb.modify_load_balancer_attributes(
        LoadBalancerArn=lb,
        Attributes=[
            {"Key": "access_logs.s3.enabled", "Value": "true"},
            {"Key": "access_logs.s3.bucket", "Value": LOG_BUCKET},
            {"Key": "access_logs.s3.prefix", "Value": LB},
            {"Key": "deletion_protection.enabled", "Value": "true"},
            {"Key": "routing.http.drop_invalid_header_fields.enabled", "Value": "true"},
        ],
    )
    target = elb.create_target_group(
        Name="shop-web-app", Protocol="HTTP", Port=8080, VpcId=vpc, TargetType="ip", Tags=tag_list()
    )["TargetGroups"][0]["TargetGroupArn"]
    elb.create_listener(
        LoadBalancerArn=lb,
        Protocol="HTTPS",
        Port=443,
        SslPolicy=TLS_POLICY,
        Certificates=[{"CertificateArn": cert["CertificateArn"]}],
        DefaultActions=[{"Type": "forward", "TargetGroupArn": target}],
        Tags=tag_list(),
    )
    elb.create_listener(
        LoadBalancerArn=lb,
        Protocol="HTTP",
        Port=80,
        DefaultActions=[
            {
                "Type": "redirect",
                "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"},
            }
        ],
        Tags=tag_list(),
    )


def seed(aws: Any) -> None:
    _log_bucket(aws)  # first: the VPC's flow logs go there too
    vpc, subnets = _network(aws)
    _database(aws, subnets)
    _load_balancer(aws, vpc, subnets)
