"""The clean account's shared file system (an encrypted EFS file system with automatic backups and a
lifecycle policy moving cold files to Infrequent Access) and a Direct PUT Firehose delivery stream
into the invoices bucket, encrypted with the data key."""

from __future__ import annotations

import json
from typing import Any

from tests.generic_account.seed_core import ACCOUNT, BUCKET, data_key_arn, tag_list

ORDER = 60  # after the core (its KMS alias)
FILE_SYSTEM = "shop-shared"
DELIVERY_STREAM = "shop-events"
DELIVERY_ROLE = "shop-firehose-delivery"


def _delivery_role(aws: Any) -> str:
    iam = aws("iam")
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "firehose.amazonaws.com"},
                "Action": "sts:AssumeRole",
                "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}},
            }
        ],
    }
    role = iam.create_role(
        RoleName=DELIVERY_ROLE, AssumeRolePolicyDocument=json.dumps(trust), Tags=tag_list()
    )
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": ["s3:PutObject", "s3:AbortMultipartUpload"],
                "Resource": [f"arn:aws:s3:::{BUCKET}/events/*"],
            }
        ],
    }
    iam.put_role_policy(
        RoleName=DELIVERY_ROLE, PolicyName="deliver-events", PolicyDocument=json.dumps(policy)
    )
    return str(role["Role"]["Arn"])


def _delivery_stream(aws: Any) -> None:
    firehose = aws("firehose")
    firehose.create_delivery_stream(
        DeliveryStreamName=DELIVERY_STREAM,
        DeliveryStreamType="DirectPut",
        ExtendedS3DestinationConfiguration={
            "RoleARN": _delivery_role(aws),
            "BucketARN": f"arn:aws:s3:::{BUCKET}",
            "Prefix": "events/",
        },
        Tags=tag_list(),
    )
    firehose.start_delivery_stream_encryption(
        DeliveryStreamName=DELIVERY_STREAM,
        DeliveryStreamEncryptionConfigurationInput={
            "KeyType": "CUSTOMER_MANAGED_CMK",
            "KeyARN": data_key_arn(aws),
        },
    )


def seed(aws: Any) -> None:
    _delivery_stream(aws)
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
