"""Cases for the RDS, load balancer, Lambda function URL, DynamoDB auto scaling and Kinesis
shard-level monitoring checks added beside ``cases_rds_elb.py``."""

from __future__ import annotations

from typing import Any

from coattail.review.inventory import DynamoDBTable, KinesisStream, LambdaFunction, LoadBalancer, RDSInstance
from coattail.review.model import SourceKind

ZONES = ("us-east-1a", "us-east-1b")
READ, WRITE = "dynamodb:table:ReadCapacityUnits", "dynamodb:table:WriteCapacityUnits"


def _db(b: Any, name: str, **attrs: Any) -> RDSInstance:
    good: dict[str, Any] = {
        "engine": "postgres",
        "engine_version": "16.3",
        "instance_class": "db.t4g.micro",
        "auto_minor_version_upgrade": True,
        "iam_auth_enabled": True,
        "monitoring_interval_seconds": 60,
        "copy_tags_to_snapshot": True,
        "log_exports": ("postgresql", "upgrade"),
    }
    return b.make(RDSInstance, name, **{**good, **attrs})


def _lb(b: Any, name: str, **attrs: Any) -> LoadBalancer:
    good: dict[str, Any] = {
        "lb_type": "application",
        "scheme": "internet-facing",
        "availability_zones": ZONES,
        "deletion_protection": True,
        "drop_invalid_header_fields": True,
    }
    return b.make(LoadBalancer, name, **{**good, **attrs})


def _plan(cls: type[Any], name: str, pending: tuple[str, ...], **attrs: Any) -> Any:
    address = f"{cls.tf_types[0]}.{name}"
    return cls(
        id=address,
        name=name,
        source=SourceKind.TERRAFORM,
        tf_address=address,
        unknown_attributes=pending,
        **attrs,
    )


def cases(b: Any) -> dict[str, list[Any]]:
    R, P, F, U, NA = b.Row, b.PASS, b.FAIL, b.UNKNOWN, b.NA
    member = {"cluster_id": "shop-aurora", "engine": "aurora-postgresql"}
    return {
        "rds_auto_minor_version_upgrade": [
            R(
                b.inventory(_db(b, "patched"), _db(b, "unread", auto_minor_version_upgrade=None)),
                {P: {"patched"}, U: {"unread"}},
            ),
            R(
                b.inventory(_db(b, "patched"), _db(b, "frozen", auto_minor_version_upgrade=False)),
                {P: {"patched"}, F: {"frozen"}},
            ),
            R(b.inventory(), {NA: {"rds:RDS DB instances"}}),
        ],
        "rds_iam_authentication": [
            R(
                b.inventory(
                    _db(b, "pg"),
                    _db(b, "oracle", engine="oracle-ee", iam_auth_enabled=False),
                    _db(b, "member", iam_auth_enabled=False, **member),
                ),
                {P: {"pg"}, U: {"member"}},
            ),
            R(b.inventory(_db(b, "mysql", engine="mysql", iam_auth_enabled=False)), {F: {"mysql"}}),
            R(
                b.inventory(_db(b, "oracle", engine="oracle-ee", iam_auth_enabled=False)),
                {NA: {"rds:RDS DB instances with IAM authentication support"}},
            ),
        ],
        "rds_enhanced_monitoring": [
            R(b.inventory(_db(b, "watched", monitoring_interval_seconds=1)), {P: {"watched"}}),
            R(b.inventory(_db(b, "blind", monitoring_interval_seconds=0)), {F: {"blind"}}),
            R(
                b.inventory(
                    _plan(RDSInstance, "planned", ("monitoring_interval_seconds",), engine="postgres")
                ),
                {U: {"aws_db_instance.planned"}},
            ),
        ],
        "rds_copy_tags_to_snapshot": [
            R(
                b.inventory(_db(b, "tagged"), _db(b, "member", copy_tags_to_snapshot=False, **member)),
                {P: {"tagged"}, U: {"member"}},
            ),
            R(b.inventory(_db(b, "untagged", copy_tags_to_snapshot=False)), {F: {"untagged"}}),
        ],
        "rds_log_exports": [
            R(b.inventory(_db(b, "logged", engine="mysql", log_exports=("error",))), {P: {"logged"}}),
            R(
                b.inventory(
                    _db(b, "logged"), _db(b, "silent", log_exports=()), _db(b, "unread", log_exports=None)
                ),
                {P: {"logged"}, F: {"silent"}, U: {"unread"}},
            ),
        ],
        "rds_graviton_instance_class": [
            R(
                b.inventory(
                    _db(b, "t4g"),
                    _db(b, "r7g", instance_class="db.r7g.large"),
                    _db(b, "r6gd", instance_class="db.r6gd.xlarge", engine="mysql"),
                    _db(b, "sqlserver", engine="sqlserver-se", instance_class="db.m5.large"),
                ),
                {P: {"t4g", "r7g", "r6gd"}},
            ),
            R(
                b.inventory(
                    _db(b, "t4g"),
                    _db(b, "t3", instance_class="db.t3.micro"),
                    _db(b, "m5", instance_class="db.m5.large", engine="aurora-mysql"),
                ),
                {P: {"t4g"}, F: {"t3", "m5"}},
            ),
        ],
        "elb_deletion_protection": [
            R(
                b.inventory(_lb(b, "web"), _lb(b, "unread", deletion_protection=None)),
                {P: {"web"}, U: {"unread"}},
            ),
            R(
                b.inventory(_lb(b, "web"), _lb(b, "loose", deletion_protection=False, lb_type="network")),
                {P: {"web"}, F: {"loose"}},
            ),
            R(b.inventory(), {NA: {"elbv2:load balancers"}}),
        ],
        "elb_drop_invalid_headers": [
            R(
                b.inventory(_lb(b, "web"), _lb(b, "nlb", lb_type="network", drop_invalid_header_fields=None)),
                {P: {"web"}},
            ),
            R(b.inventory(_lb(b, "lax", drop_invalid_header_fields=False)), {F: {"lax"}}),
            R(
                b.inventory(
                    _plan(LoadBalancer, "planned", ("drop_invalid_header_fields",), lb_type="application")
                ),
                {U: {"aws_lb.planned"}},
            ),
        ],
        "elb_multi_az": [
            R(
                b.inventory(_lb(b, "web"), _plan(LoadBalancer, "planned", (), lb_type="application")),
                {P: {"web"}, U: {"aws_lb.planned"}},
            ),
            R(
                b.inventory(
                    _lb(b, "web"), _lb(b, "one", lb_type="network", availability_zones=("us-east-1a",))
                ),
                {P: {"web"}, F: {"one"}},
            ),
        ],
        "lambda_function_url_auth": [
            R(
                b.inventory(
                    b.make(LambdaFunction, "plain"),
                    b.make(LambdaFunction, "signed", url_auth_type="AWS_IAM"),
                    _plan(LambdaFunction, "planned", ("url_auth_type",)),
                ),
                {P: {"plain", "signed"}, U: {"aws_lambda_function.planned"}},
            ),
            R(
                b.inventory(
                    b.make(LambdaFunction, "signed", url_auth_type="AWS_IAM"),
                    b.make(LambdaFunction, "open", url_auth_type="NONE"),
                ),
                {P: {"signed"}, F: {"open"}},
            ),
        ],
        "dynamodb_autoscaling": [
            R(
                b.inventory(
                    b.make(DynamoDBTable, "ondemand", billing_mode="PAY_PER_REQUEST"),
                    b.make(
                        DynamoDBTable,
                        "scaled",
                        billing_mode="PROVISIONED",
                        autoscaled_dimensions=(READ, WRITE),
                    ),
                    b.make(DynamoDBTable, "unread", billing_mode="PROVISIONED", autoscaled_dimensions=None),
                ),
                {P: {"ondemand", "scaled"}, U: {"unread"}},
            ),
            R(
                b.inventory(
                    b.make(
                        DynamoDBTable,
                        "fixed",
                        billing_mode="PROVISIONED",
                        read_capacity=5,
                        write_capacity=5,
                        autoscaled_dimensions=(),
                    ),
                    b.make(DynamoDBTable, "half", billing_mode="PROVISIONED", autoscaled_dimensions=(READ,)),
                ),
                {F: {"fixed", "half"}},
            ),
        ],
        "kinesis_enhanced_monitoring": [
            R(
                b.inventory(
                    b.make(
                        KinesisStream,
                        "clicks",
                        stream_mode="ON_DEMAND",
                        shard_level_metrics=("IncomingBytes", "WriteProvisionedThroughputExceeded"),
                    ),
                    b.make(
                        KinesisStream,
                        "all",
                        stream_mode="PROVISIONED",
                        shard_count=4,
                        shard_level_metrics=("ALL",),
                    ),
                    b.make(KinesisStream, "dlq", stream_mode="PROVISIONED", shard_count=1),
                ),
                {P: {"clicks", "all"}},
            ),
            R(
                b.inventory(
                    b.make(
                        KinesisStream,
                        "trades",
                        stream_mode="ON_DEMAND",
                        shard_level_metrics=("IncomingBytes",),
                    ),
                    b.make(KinesisStream, "busy", stream_mode="PROVISIONED", shard_count=2),
                ),
                {F: {"trades", "busy"}},
            ),
            R(
                b.inventory(b.make(KinesisStream, "dlq", stream_mode="PROVISIONED", shard_count=1)),
                {NA: {"kinesis:Kinesis streams with several shards"}},
            ),
            R(
                b.inventory(
                    b.make(
                        KinesisStream,
                        "planned",
                        stream_mode="PROVISIONED",
                        source=SourceKind.TERRAFORM,
                        unknown_attributes=("shard_count",),
                    )
                ),
                {U: {"planned"}},
            ),
        ],
    }
