"""Cases for the RDS DB instance and Elastic Load Balancing (v2) checks."""

from __future__ import annotations

from typing import Any

from coattail.review.inventory import LoadBalancer, LoadBalancerListener, RDSInstance
from coattail.review.model import SourceKind

CURRENT = "ELBSecurityPolicy-TLS13-1-2-2021-06"
OLD = "ELBSecurityPolicy-2016-08"


def _db(b: Any, name: str, **attrs: Any) -> RDSInstance:
    good: dict[str, Any] = {
        "engine": "postgres",
        "instance_class": "db.t4g.micro",
        "storage_encrypted": True,
        "kms_key_id": "arn:aws:kms:us-east-1:123456789012:key/k",
        "publicly_accessible": False,
        "multi_az": True,
        "backup_retention_days": 7,
        "deletion_protection": True,
    }
    return b.make(RDSInstance, name, **{**good, **attrs})


def _https(policy: str | None = CURRENT, port: int = 443, protocol: str = "HTTPS") -> LoadBalancerListener:
    return LoadBalancerListener(
        port=port, protocol=protocol, ssl_policy=policy, default_action_types=("forward",)
    )


def _http(redirect: bool = True) -> LoadBalancerListener:
    if redirect:
        return LoadBalancerListener(
            port=80, protocol="HTTP", default_action_types=("redirect",), redirect_protocol="HTTPS"
        )
    return LoadBalancerListener(port=80, protocol="HTTP", default_action_types=("forward",))


def _lb(b: Any, name: str, *listeners: LoadBalancerListener, **attrs: Any) -> LoadBalancer:
    good: dict[str, Any] = {
        "lb_type": "application",
        "scheme": "internet-facing",
        "access_logs_enabled": True,
        "access_logs_bucket": "logs",
        "deletion_protection": True,
    }
    return b.make(LoadBalancer, name, listeners=listeners, **{**good, **attrs})


def _tf_db(name: str, pending: tuple[str, ...], **attrs: Any) -> RDSInstance:
    return RDSInstance(
        id=f"aws_db_instance.{name}",
        name=name,
        source=SourceKind.TERRAFORM,
        tf_address=f"aws_db_instance.{name}",
        unknown_attributes=pending,
        **attrs,
    )


def cases(b: Any) -> dict[str, list[Any]]:
    R, P, F, U, NA = b.Row, b.PASS, b.FAIL, b.UNKNOWN, b.NA
    member = {"cluster_id": "shop-aurora", "engine": "aurora-postgresql"}
    return {
        "rds_storage_encrypted": [
            R(b.inventory(_db(b, "enc")), {P: {"enc"}}),
            R(
                b.inventory(
                    _db(b, "enc"),
                    _db(b, "plain", storage_encrypted=False, kms_key_id=None),
                    _db(b, "unread", storage_encrypted=None),
                ),
                {P: {"enc"}, F: {"plain"}, U: {"unread"}},
            ),
            R(b.inventory(), {NA: {"rds:RDS DB instances"}}),
        ],
        "rds_not_publicly_accessible": [
            R(b.inventory(_db(b, "private")), {P: {"private"}}),
            R(
                b.inventory(_db(b, "private"), _db(b, "public", publicly_accessible=True)),
                {P: {"private"}, F: {"public"}},
            ),
            R(
                b.inventory(_tf_db("planned", ("publicly_accessible",), publicly_accessible=None)),
                {U: {"aws_db_instance.planned"}},
            ),
        ],
        "rds_multi_az": [
            R(
                b.inventory(_db(b, "ha"), _db(b, "member", multi_az=False, **member)),
                {P: {"ha"}, U: {"member"}},
            ),
            R(b.inventory(_db(b, "single", multi_az=False)), {F: {"single"}}),
        ],
        "rds_backup_retention": [
            R(b.inventory(_db(b, "week"), _db(b, "month", backup_retention_days=35)), {P: {"week", "month"}}),
            R(
                b.inventory(
                    _db(b, "day", backup_retention_days=1),
                    _db(b, "none", backup_retention_days=0),
                    _db(b, "member", backup_retention_days=1, **member),
                    _db(b, "replica", backup_retention_days=0, replica_source="day"),
                ),
                {F: {"day", "none"}, U: {"member"}},
            ),
            # the minimum is a parameter
            R(b.inventory(_db(b, "day", backup_retention_days=1)), {P: {"day"}}, {"min_days": 1}),
        ],
        "rds_deletion_protection": [
            R(b.inventory(_db(b, "kept")), {P: {"kept"}}),
            R(
                b.inventory(_db(b, "kept"), _db(b, "loose", deletion_protection=False)),
                {P: {"kept"}, F: {"loose"}},
            ),
        ],
        "elb_tls_policy_current": [
            R(
                b.inventory(
                    _lb(b, "web", _http(), _https()),
                    # an internal ALB may serve plain HTTP inside the VPC
                    _lb(
                        b,
                        "internal",
                        _http(redirect=False),
                        _https("ELBSecurityPolicy-TLS13-1-3-2021-06"),
                        scheme="internal",
                    ),
                    _lb(
                        b,
                        "nlb-tls",
                        _https("ELBSecurityPolicy-TLS-1-2-Ext-2018-06", 443, "TLS"),
                        lb_type="network",
                    ),
                    # nothing to judge: TCP only
                    _lb(b, "nlb-tcp", LoadBalancerListener(port=5432, protocol="TCP"), lb_type="network"),
                ),
                {P: {"web", "internal", "nlb-tls"}},
            ),
            R(
                b.inventory(
                    _lb(b, "web", _http(), _https()),
                    _lb(b, "old-tls", _http(), _https(OLD)),
                    _lb(b, "tls10", _https("ELBSecurityPolicy-TLS-1-0-2015-04")),
                    _lb(b, "plain", _http(redirect=False)),
                    _lb(
                        b,
                        "nlb-old",
                        _https("ELBSecurityPolicy-TLS-1-1-2017-01", 443, "TLS"),
                        lb_type="network",
                    ),
                ),
                {P: {"web"}, F: {"old-tls", "tls10", "plain", "nlb-old"}},
            ),
            # an older policy may be allowed by the profile
            R(b.inventory(_lb(b, "old-tls", _https(OLD))), {P: {"old-tls"}}, {"allowed_policies": [OLD]}),
            R(b.inventory(_lb(b, "unread", _https(None))), {U: {"unread"}}),
        ],
        "elb_access_logs_enabled": [
            R(
                b.inventory(
                    _lb(b, "web", _https()),
                    _lb(
                        b,
                        "nlb-tcp",
                        LoadBalancerListener(port=5432, protocol="TCP"),
                        lb_type="network",
                        access_logs_enabled=False,
                    ),
                    _lb(b, "gwlb", lb_type="gateway", access_logs_enabled=False),
                ),
                {P: {"web"}},
            ),
            R(
                b.inventory(
                    _lb(b, "web", _https()),
                    _lb(b, "dark", _https(), access_logs_enabled=False, access_logs_bucket=None),
                    _lb(
                        b,
                        "nlb-tls",
                        _https(CURRENT, 443, "TLS"),
                        lb_type="network",
                        access_logs_enabled=False,
                    ),
                    _lb(b, "unread", access_logs_enabled=None),
                ),
                {P: {"web"}, F: {"dark", "nlb-tls"}, U: {"unread"}},
            ),
        ],
    }
