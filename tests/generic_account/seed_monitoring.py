"""The clean account's governance and monitoring: a budget, a CloudTrail trail, alarms with an
anomaly band, Lake Formation without the IAMAllowedPrincipals default."""

from __future__ import annotations

import json
from typing import Any

from tests.generic_account.seed_core import ACCOUNT, tag_list, tls_only

ORDER = 10  # after the core (its KMS alias)
TRAIL_BUCKET = "shop-audit-trail"
ALARM_TOPIC = "shop-alarms"


def _trail(aws: Any) -> None:
    s3 = aws("s3")
    s3.create_bucket(Bucket=TRAIL_BUCKET)
    arn = f"arn:aws:s3:::{TRAIL_BUCKET}"
    statements = json.loads(tls_only(TRAIL_BUCKET))["Statement"] + [
        {
            "Sid": "CloudTrailWrite",
            "Effect": "Allow",
            "Principal": {"Service": "cloudtrail.amazonaws.com"},
            "Action": "s3:PutObject",
            "Resource": f"{arn}/AWSLogs/{ACCOUNT}/*",
            "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}},
        }
    ]
    s3.put_bucket_policy(
        Bucket=TRAIL_BUCKET, Policy=json.dumps({"Version": "2012-10-17", "Statement": statements})
    )
    s3.put_public_access_block(
        Bucket=TRAIL_BUCKET,
        PublicAccessBlockConfiguration={
            k: True
            for k in ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")
        },
    )
    s3.put_bucket_encryption(
        Bucket=TRAIL_BUCKET,
        ServerSideEncryptionConfiguration={
            "Rules": [
                {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}, "BucketKeyEnabled": True}
            ]
        },
    )
    s3.put_bucket_ownership_controls(
        Bucket=TRAIL_BUCKET, OwnershipControls={"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
    )
    s3.put_bucket_versioning(Bucket=TRAIL_BUCKET, VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_lifecycle_configuration(
        Bucket=TRAIL_BUCKET,
        LifecycleConfiguration={
            "Rules": [
                {
                    "ID": "expire-logs",
                    "Status": "Enabled",
                    "Filter": {"Prefix": ""},
                    "Expiration": {"Days": 365},
                    "NoncurrentVersionExpiration": {"NoncurrentDays": 30},
                    "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 7},
                }
            ]
        },
    )
    s3.put_bucket_tagging(Bucket=TRAIL_BUCKET, Tagging={"TagSet": tag_list()})
    trail = aws("cloudtrail")
    trail.create_trail(
        Name="shop-audit",
        S3BucketName=TRAIL_BUCKET,
        IsMultiRegionTrail=True,
        IncludeGlobalServiceEvents=True,
        EnableLogFileValidation=True,
        KmsKeyId="alias/shop-data",
        TagsList=tag_list(),
    )
    trail.start_logging(Name="shop-audit")


def _alarms(aws: Any) -> None:
    topic = aws("sns").create_topic(
        Name=ALARM_TOPIC, Attributes={"KmsMasterKeyId": "alias/aws/sns"}, Tags=tag_list()
    )["TopicArn"]
    aws("sns").subscribe(TopicArn=topic, Protocol="email", Endpoint="oncall@example.com")
    cw = aws("cloudwatch")
    common = {"AlarmActions": [topic], "EvaluationPeriods": 1, "Period": 60, "Tags": tag_list()}
    cw.put_metric_alarm(
        AlarmName="shop-clicks-iterator-age",
        Namespace="AWS/Kinesis",
        MetricName="GetRecords.IteratorAgeMilliseconds",
        Dimensions=[{"Name": "StreamName", "Value": "shop-clicks"}],
        Statistic="Maximum",
        Threshold=60000,
        ComparisonOperator="GreaterThanThreshold",
        **common,
    )
    cw.put_metric_alarm(
        AlarmName="shop-carts-throttles",
        Namespace="AWS/DynamoDB",
        MetricName="ThrottledRequests",
        Dimensions=[{"Name": "TableName", "Value": "shop-carts"}],
        Statistic="Sum",
        Threshold=1,
        ComparisonOperator="GreaterThanOrEqualToThreshold",
        **common,
    )
    band_metric = {
        "Namespace": "AWS/Kinesis",
        "MetricName": "IncomingRecords",
        "Dimensions": [{"Name": "StreamName", "Value": "shop-clicks"}],
    }
    cw.put_metric_alarm(
        AlarmName="shop-clicks-volume-anomaly",
        Metrics=[
            {
                "Id": "m1",
                "MetricStat": {"Metric": band_metric, "Period": 300, "Stat": "Sum"},
                "ReturnData": True,
            },
            {"Id": "band", "Expression": "ANOMALY_DETECTION_BAND(m1, 2)", "ReturnData": True},
        ],
        ThresholdMetricId="band",
        ComparisonOperator="LessThanLowerOrGreaterThanUpperThreshold",
        AlarmActions=[topic],
        EvaluationPeriods=3,
        Tags=tag_list(),
    )


def _budget(aws: Any) -> None:
    aws("budgets").create_budget(
        AccountId=ACCOUNT,
        Budget={
            "BudgetName": "shop-monthly",
            "BudgetLimit": {"Amount": "500", "Unit": "USD"},
            "TimeUnit": "MONTHLY",
            "BudgetType": "COST",
        },
        NotificationsWithSubscribers=[
            {
                "Notification": {
                    "NotificationType": "ACTUAL",
                    "ComparisonOperator": "GREATER_THAN",
                    "Threshold": 80,
                    "ThresholdType": "PERCENTAGE",
                },
                "Subscribers": [{"SubscriptionType": "EMAIL", "Address": "finance@example.com"}],
            }
        ],
        ResourceTags=tag_list(),
    )


def _anomaly_monitor(aws: Any) -> None:
    ce = aws("ce")
    monitor = ce.create_anomaly_monitor(
        AnomalyMonitor={
            "MonitorName": "shop-services",
            "MonitorType": "DIMENSIONAL",
            "MonitorDimension": "SERVICE",
        },
        ResourceTags=tag_list(),
    )["MonitorArn"]
    topic = next(
        t["TopicArn"] for t in aws("sns").list_topics()["Topics"] if t["TopicArn"].endswith(ALARM_TOPIC)
    )
    ce.create_anomaly_subscription(
        AnomalySubscription={
            "SubscriptionName": "shop-cost-anomalies",
            "MonitorArnList": [monitor],
            "Subscribers": [{"Type": "SNS", "Address": topic}],
            "Frequency": "IMMEDIATE",
            "ThresholdExpression": {
                "Dimensions": {
                    "Key": "ANOMALY_TOTAL_IMPACT_ABSOLUTE",
                    "MatchOptions": ["GREATER_THAN_OR_EQUAL"],
                    "Values": ["20"],
                }
            },
        },
        ResourceTags=tag_list(),
    )


def seed(aws: Any) -> None:
    _trail(aws)
    _alarms(aws)
    _anomaly_monitor(aws)
    _budget(aws)
    aws("lakeformation").put_data_lake_settings(
        DataLakeSettings={
            "DataLakeAdmins": [
                {"DataLakePrincipalIdentifier": f"arn:aws:iam::{ACCOUNT}:role/shop-data-admin"}
            ],
            "CreateDatabaseDefaultPermissions": [],
            "CreateTableDefaultPermissions": [],
        }
    )
