"""Misconfigurations for the RDS, load balancer, function URL, DynamoDB auto scaling and Kinesis
shard-level metric checks (beside ``misconfigs_rds_elb.py``)."""

from __future__ import annotations

from typing import Any

from tests.generic_account.seed_compute import FUNCTION
from tests.generic_account.seed_core import tag_list
from tests.generic_account.seed_rds_elb import DB, LB

CLICKS = "shop-clicks"
SESSIONS = "shop-sessions"
INTERNAL_LB = "shop-internal"


def _modify_db(**change: Any) -> Any:
    return lambda aws: aws("rds").modify_db_instance(DBInstanceIdentifier=DB, ApplyImmediately=True, **change)


def _lb_attribute(key: str, value: str) -> Any:
    def apply(aws: Any) -> None:
        elb = aws("elbv2")
        arn = elb.describe_load_balancers(Names=[LB])["LoadBalancers"][0]["LoadBalancerArn"]
        elb.modify_load_balancer_attributes(LoadBalancerArn=arn, Attributes=[{"Key": key, "Value": value}])

    return apply


def _single_zone_lb(aws: Any) -> None:
    """A network load balancer in one of the shop VPC's subnets (an ALB needs two zones)."""
    elb = aws("elbv2")
    vpc = elb.describe_load_balancers(Names=[LB])["LoadBalancers"][0]["VpcId"]
    subnets = aws("ec2").describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Subnets"]
    elb.create_load_balancer(
        Name=INTERNAL_LB,
        Subnets=[sorted(subnets, key=lambda s: s["AvailabilityZone"])[0]["SubnetId"]],
        Scheme="internal",
        Type="network",
        Tags=tag_list(),
    )


def _fixed_capacity_table(aws: Any) -> None:
    aws("dynamodb").create_table(
        TableName=SESSIONS,
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PROVISIONED",
        ProvisionedThroughput={"ReadCapacityUnits": 50, "WriteCapacityUnits": 50},
        SSESpecification={"Enabled": True, "SSEType": "KMS"},
        DeletionProtectionEnabled=True,
        Tags=tag_list(),
    )


def misconfigurations(M: Any) -> list[Any]:
    return [
        M(
            "RDS automatic minor version upgrade off",
            "rds_auto_minor_version_upgrade",
            DB,
            _modify_db(AutoMinorVersionUpgrade=False),
        ),
        M(
            "RDS IAM database authentication off",
            "rds_iam_authentication",
            DB,
            _modify_db(EnableIAMDatabaseAuthentication=False),
        ),
        M("RDS Enhanced Monitoring off", "rds_enhanced_monitoring", DB, _modify_db(MonitoringInterval=0)),
        M(
            "RDS copy tags to snapshot off",
            "rds_copy_tags_to_snapshot",
            DB,
            _modify_db(CopyTagsToSnapshot=False),
        ),
        M(
            "RDS log exports to CloudWatch Logs stopped",
            "rds_log_exports",
            DB,
            _modify_db(CloudwatchLogsExportConfiguration={"DisableLogTypes": ["postgresql", "upgrade"]}),
        ),
        M(
            "RDS instance moved to an x86 class",
            "rds_graviton_instance_class",
            DB,
            _modify_db(DBInstanceClass="db.t3.micro"),
        ),
        M(
            "load balancer deletion protection off",
            "elb_deletion_protection",
            LB,
            _lb_attribute("deletion_protection.enabled", "false"),
        ),
        M(
            "ALB forwards invalid header fields",
            "elb_drop_invalid_headers",
            LB,
            _lb_attribute("routing.http.drop_invalid_header_fields.enabled", "false"),
        ),
        M("network load balancer in a single zone", "elb_multi_az", INTERNAL_LB, _single_zone_lb),
        M(
            "Lambda function URL without authentication",
            "lambda_function_url_auth",
            FUNCTION,
            lambda aws: aws("lambda").create_function_url_config(FunctionName=FUNCTION, AuthType="NONE"),
        ),
        M(
            "provisioned DynamoDB table without auto scaling",
            "dynamodb_autoscaling",
            SESSIONS,
            _fixed_capacity_table,
        ),
        M(
            "Kinesis shard-level metrics off",
            "kinesis_enhanced_monitoring",
            CLICKS,
            lambda aws: aws("kinesis").disable_enhanced_monitoring(
                StreamName=CLICKS, ShardLevelMetrics=["ALL"]
            ),
        ),
    ]
