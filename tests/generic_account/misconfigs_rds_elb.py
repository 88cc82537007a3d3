"""Misconfigurations of the clean account's database and load balancer."""

from __future__ import annotations

import secrets
from typing import Any

from tests.generic_account.seed_core import tag_list
from tests.generic_account.seed_rds_elb import DB, DB_SUBNET_GROUP, LB


def _modify_db(**change: Any) -> Any:
    return lambda aws: aws("rds").modify_db_instance(DBInstanceIdentifier=DB, ApplyImmediately=True, **change)


def _lb_arn(aws: Any) -> str:
    return str(aws("elbv2").describe_load_balancers(Names=[LB])["LoadBalancers"][0]["LoadBalancerArn"])


def _listener(aws: Any, protocol: str) -> dict[str, Any]:
    listeners = aws("elbv2").describe_listeners(LoadBalancerArn=_lb_arn(aws))["Listeners"]
    return dict(next(x for x in listeners if x["Protocol"] == protocol))


def _unencrypted_db(aws: Any) -> None:
    aws("rds").create_db_instance(
        DBInstanceIdentifier="shop-reporting-db",
        DBInstanceClass="db.t4g.micro",
        Engine="postgres",
        AllocatedStorage=20,
        MasterUsername="shop",
        # Generated and never stored: moto's managed master secret is untagged and never rotates.
        MasterUserPassword=secrets.token_urlsafe(24),
        StorageEncrypted=False,
        PubliclyAccessible=False,
        MultiAZ=True,
        BackupRetentionPeriod=7,
        DeletionProtection=True,
        DBSubnetGroupName=DB_SUBNET_GROUP,
        Tags=tag_list(),
    )


def _access_logs_off(aws: Any) -> None:
    aws("elbv2").modify_load_balancer_attributes(
        LoadBalancerArn=_lb_arn(aws), Attributes=[{"Key": "access_logs.s3.enabled", "Value": "false"}]
    )


def _old_tls_policy(aws: Any) -> None:
    # moto knows no ELBSecurityPolicy-TLS-1-0-2015-04; ELBSecurityPolicy-2016-08 accepts TLS 1.0 too
    aws("elbv2").modify_listener(
        ListenerArn=_listener(aws, "HTTPS")["ListenerArn"], SslPolicy="ELBSecurityPolicy-2016-08"
    )


def _http_forwards(aws: Any) -> None:
    target = _listener(aws, "HTTPS")["DefaultActions"][0]["TargetGroupArn"]
    aws("elbv2").modify_listener(
        ListenerArn=_listener(aws, "HTTP")["ListenerArn"],
        DefaultActions=[{"Type": "forward", "TargetGroupArn": target}],
    )


def misconfigurations(M: Any) -> list[Any]:
    return [
        M(
            "RDS instance made publicly accessible",
            "rds_not_publicly_accessible",
            DB,
            _modify_db(PubliclyAccessible=True),
        ),
        M(
            "RDS backup retention cut to 1 day",
            "rds_backup_retention",
            DB,
            _modify_db(BackupRetentionPeriod=1),
        ),
        M("RDS deletion protection off", "rds_deletion_protection", DB, _modify_db(DeletionProtection=False)),
        M("RDS instance moved to Single-AZ", "rds_multi_az", DB, _modify_db(MultiAZ=False)),
        M("unencrypted RDS instance created", "rds_storage_encrypted", "shop-reporting-db", _unencrypted_db),
        M("load balancer access logs off", "elb_access_logs_enabled", LB, _access_logs_off),
        M("HTTPS listener moved to an old TLS policy", "elb_tls_policy_current", LB, _old_tls_policy),
        M(
            "HTTP listener forwards instead of redirecting to HTTPS",
            "elb_tls_policy_current",
            LB,
            _http_forwards,
        ),
    ]
