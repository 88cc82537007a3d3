"""RDS instances and load balancers: botocore-shaped answers through the live spec's normaliser, and a
Terraform state (the load balancer joined with its ``aws_lb_listener``s) through the normalisers; the
checks judge both views alike."""

from __future__ import annotations

from typing import Any

import botocore.session

from coattail.review.checks._registry import load_checks
from coattail.review.collectors.live.spec import Context
from coattail.review.collectors.live.specs.rds_elb import LOAD_BALANCERS, RDS_INSTANCES
from coattail.review.collectors.terraform import inventory_from_document
from coattail.review.collectors.terraform.loader import parse_document
from coattail.review.collectors.terraform.locate import Locator
from coattail.review.inventory import Inventory, LoadBalancer, RDSInstance
from coattail.review.model import SourceKind, Status

CTX = Context(account="123456789012", region="us-east-1")
LB_ARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/0123456789abcdef"
CHECKS = {c.id: c for c in load_checks()}


def _members(service: str, operation: str, *path: str) -> set[str]:
    shape: Any = (
        botocore.session.get_session().get_service_model(service).operation_model(operation).output_shape
    )
    for step in path:
        shape = shape.members[step]
        shape = getattr(shape, "member", shape)
    return set(shape.members)


def _statuses(check_id: str, inv: Inventory) -> dict[str, str]:
    return {f.resource_id: f.status.value for f in CHECKS[check_id].run(inv)}


def test_live_shapes_normalise_and_are_judged() -> None:
    db_item = {
        "DBInstanceIdentifier": "shop-db",
        "DBInstanceArn": "arn:aws:rds:us-east-1:123456789012:db:shop-db",
        "DBInstanceClass": "db.t4g.micro",
        "Engine": "postgres",
        "DBInstanceStatus": "available",
        "AllocatedStorage": 20,
        "StorageEncrypted": False,
        "PubliclyAccessible": True,
        "MultiAZ": False,
        "BackupRetentionPeriod": 1,
        "DeletionProtection": False,
        "TagList": [{"Key": "Project", "Value": "shop"}],
    }
    assert set(db_item) <= _members("rds", "DescribeDBInstances", "DBInstances")
    db = RDS_INSTANCES.normalise({"item": db_item}, CTX)
    assert isinstance(db, RDSInstance) and db.tags == {"Project": "shop"} and not db.in_cluster
    inv = Inventory.from_resources([db])
    for check_id in (
        "rds_storage_encrypted",
        "rds_not_publicly_accessible",
        "rds_multi_az",
        "rds_backup_retention",
        "rds_deletion_protection",
    ):
        assert _statuses(check_id, inv) == {db.id: "FAIL"}, check_id

    lb_item = {
        "LoadBalancerArn": LB_ARN,
        "LoadBalancerName": "web",
        "Scheme": "internet-facing",
        "Type": "application",
        "State": {"Code": "active"},
        "VpcId": "vpc-1",
        "AvailabilityZones": [{"ZoneName": "us-east-1a"}, {"ZoneName": "us-east-1b"}],
    }
    listeners = [
        {
            "Port": 443,
            "Protocol": "HTTPS",
            "SslPolicy": "ELBSecurityPolicy-TLS-1-1-2017-01",
            "Certificates": [{"CertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/c"}],
            "DefaultActions": [{"Type": "forward", "TargetGroupArn": "tg", "Order": 1}],
        },
        {"Port": 80, "Protocol": "HTTP", "DefaultActions": [{"Type": "forward", "TargetGroupArn": "tg"}]},
    ]
    assert set(lb_item) <= _members("elbv2", "DescribeLoadBalancers", "LoadBalancers")
    assert set(listeners[0]) <= _members("elbv2", "DescribeListeners", "Listeners")
    # the answer lists the attributes set; access_logs.s3.enabled left out means off
    raw = {
        "item": lb_item,
        "listeners": listeners,
        "attributes": [{"Key": "deletion_protection.enabled", "Value": "true"}],
        "tags": [{"Key": "Project", "Value": "shop"}],
    }
    lb = LOAD_BALANCERS.normalise(raw, CTX)
    assert isinstance(lb, LoadBalancer)
    assert lb.access_logs_enabled is False and lb.deletion_protection is True
    assert [x.label for x in lb.listeners] == ["HTTP:80", "HTTPS:443"]
    inv = Inventory.from_resources([lb])
    assert _statuses("elb_tls_policy_current", inv) == {LB_ARN: "FAIL"}
    assert _statuses("elb_access_logs_enabled", inv) == {LB_ARN: "FAIL"}
    # attributes not read: not evidenced
    unread = LOAD_BALANCERS.normalise({**raw, "attributes": None}, CTX)
    assert unread is not None
    assert _statuses("elb_access_logs_enabled", Inventory.from_resources([unread])) == {LB_ARN: "UNKNOWN"}


def _resource(address: str, values: dict[str, Any]) -> dict[str, Any]:
    rtype, name = address.split(".")
    return {"address": address, "mode": "managed", "type": rtype, "name": name, "values": values}


def test_terraform_state_normalises_to_the_same_verdicts() -> None:
    state = {
        "format_version": "1.0",
        "values": {
            "root_module": {
                "resources": [
                    _resource(
                        "aws_db_instance.shop",
                        {
                            "identifier": "shop-db",
                            "arn": "arn:aws:rds:us-east-1:123456789012:db:shop-db",
                            "engine": "postgres",
                            "instance_class": "db.t4g.micro",
                            "allocated_storage": 20,
                            "storage_encrypted": True,
                            "publicly_accessible": False,
                            "multi_az": True,
                            "backup_retention_period": 7,
                            "deletion_protection": True,
                            "auto_minor_version_upgrade": True,
                            "iam_database_authentication_enabled": True,
                            "monitoring_interval": 60,
                            "copy_tags_to_snapshot": True,
                            "enabled_cloudwatch_logs_exports": ["postgresql", "upgrade"],
                            "tags": {"Project": "shop"},
                        },
                    ),
                    _resource(
                        "aws_lb.web",
                        {
                            "name": "web",
                            "arn": LB_ARN,
                            "internal": False,
                            "load_balancer_type": "application",
                            "enable_deletion_protection": True,
                            "drop_invalid_header_fields": True,
                            "subnets": ["subnet-a", "subnet-b"],
                            "access_logs": [{"bucket": "logs", "enabled": True, "prefix": "web"}],
                        },
                    ),
                    _resource("aws_subnet.a", {"id": "subnet-a", "availability_zone": "us-east-1a"}),
                    _resource("aws_subnet.b", {"id": "subnet-b", "availability_zone": "us-east-1b"}),
                    _resource(
                        "aws_lb_listener.https",
                        {
                            "load_balancer_arn": LB_ARN,
                            "port": 443,
                            "protocol": "HTTPS",
                            "ssl_policy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
                            "certificate_arn": "arn:aws:acm:us-east-1:123456789012:certificate/c",
                            "default_action": [{"type": "forward", "order": 1, "redirect": []}],
                        },
                    ),
                    _resource(
                        "aws_lb_listener.http",
                        {
                            "load_balancer_arn": LB_ARN,
                            "port": 80,
                            "protocol": "HTTP",
                            "ssl_policy": "",
                            "default_action": [
                                {"type": "redirect", "redirect": [{"protocol": "HTTPS", "port": "443"}]}
                            ],
                        },
                    ),
                ]
            }
        },
    }
    resources, gaps = inventory_from_document(parse_document(state), Locator(None), follow_references=False)
    assert not gaps
    inv = Inventory.from_resources(resources)
    (db,) = inv.rds_instances
    (lb,) = inv.load_balancers
    assert db.name == "shop-db" and db.backup_retention_days == 7 and db.multi_az is True
    assert (
        lb.internet_facing
        and lb.access_logs_enabled
        and [x.label for x in lb.listeners]
        == [
            "HTTP:80",
            "HTTPS:443",
        ]
    )
    assert lb.listeners[0].redirects_to_https and lb.listeners[0].ssl_policy is None
    for check in CHECKS.values():
        if check.meta.service in ("rds", "elbv2"):
            statuses = {f.status for f in check.run(inv, None)}
            assert statuses == {Status.PASS}, check.id


def test_database_and_load_balancer_hours_are_priced() -> None:
    from coattail.review.cost import estimate

    def db(name: str, **attrs: Any) -> RDSInstance:
        return RDSInstance(
            id=f"arn:aws:rds:us-east-1:123456789012:db:{name}", name=name, source=SourceKind.LIVE, **attrs
        )

    inv = Inventory.from_resources(
        [
            db(
                "ha", engine="postgres", instance_class="db.t4g.micro", multi_az=True, allocated_storage_gb=20
            ),
            db("odd", engine="oracle-ee", instance_class="db.r5.large", multi_az=False),
            db(
                "off",
                engine="postgres",
                instance_class="db.t4g.micro",
                status="stopped",
                allocated_storage_gb=10,
            ),
            LoadBalancer(id=LB_ARN, name="web", source=SourceKind.LIVE, lb_type="application"),
        ]
    )
    cost = estimate(inv, region="us-east-1")
    lines = {line["item"]: line for line in cost["lines"]}
    assert lines["instance ha: db.t4g.micro postgres Multi-AZ"]["usd_per_day"] == round(2 * 0.016 * 24, 6)
    assert lines["instance ha: 20 GB storage (two copies, Multi-AZ)"]["quantity"] == 40
    assert "instance off: 10 GB storage" in lines and not any("instance off: db." in i for i in lines)
    assert lines["application load balancer web"]["usd_per_day"] == round(0.0225 * 24, 6)
    assert any("odd (oracle-ee db.r5.large)" in n for n in cost["notes"])
    assert cost["not_priced"] == []


def test_the_live_and_terraform_views_of_one_load_balancer_agree() -> None:
    from coattail.review.collectors.drift import known_equal

    live = LOAD_BALANCERS.normalise(
        {
            "item": {
                "LoadBalancerArn": LB_ARN,
                "LoadBalancerName": "web",
                "Scheme": "internet-facing",
                "Type": "application",
                "State": {"Code": "active"},
                "AvailabilityZones": [{"ZoneName": "us-east-1a"}, {"ZoneName": "us-east-1b"}],
            },
            "listeners": [
                {
                    "Port": 80,
                    "Protocol": "HTTP",
                    "SslPolicy": "ELBSecurityPolicy-2016-08",  # moto's stray default on HTTP
                    "DefaultActions": [{"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS"}}],
                }
            ],
            "attributes": [
                {"Key": "access_logs.s3.enabled", "Value": "true"},
                {"Key": "access_logs.s3.bucket", "Value": "logs"},
                {"Key": "deletion_protection.enabled", "Value": "true"},
            ],
            "tags": [],
        },
        CTX,
    )
    state = {
        "format_version": "1.0",
        "values": {
            "root_module": {
                "resources": [
                    _resource(
                        "aws_lb.web",
                        {
                            "name": "web",
                            "arn": LB_ARN,
                            "internal": False,
                            "load_balancer_type": "application",
                            "enable_deletion_protection": True,
                            "access_logs": [{"bucket": "logs", "enabled": True}],
                        },
                    ),
                    _resource(
                        "aws_lb_listener.http",
                        {
                            "load_balancer_arn": LB_ARN,
                            "port": 80,
                            "protocol": "HTTP",
                            "default_action": [{"type": "redirect", "redirect": [{"protocol": "HTTPS"}]}],
                        },
                    ),
                ]
            }
        },
    }
    (tf,), _ = inventory_from_document(parse_document(state), Locator(None), follow_references=False)
    assert live is not None
    a, b = live.attributes(), tf.attributes()
    assert all(known_equal(a[k], b[k]) for k in a), {
        k: (a[k], b[k]) for k in a if not known_equal(a[k], b[k])
    }
