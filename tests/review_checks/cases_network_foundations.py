"""Cases for the account-foundation checks: security groups, VPCs, EBS, instances, account PAB."""

from __future__ import annotations

from typing import Any

from coattail.review.inventory import (
    VPC,
    EBSEncryptionByDefault,
    EBSVolume,
    EC2Instance,
    IngressRule,
    PublicAccessBlock,
    S3AccountPublicAccessBlock,
    SecurityGroup,
)


def _rule(protocol: str, low: int | None, high: int | None, source: str) -> IngressRule:
    return IngressRule(protocol=protocol, from_port=low, to_port=high, source=source)


def cases(b: Any) -> dict[str, list[Any]]:
    R, P, F, U, NA = b.Row, b.PASS, b.FAIL, b.UNKNOWN, b.NA
    sg = SecurityGroup
    all_on = PublicAccessBlock(
        block_public_acls=True,
        ignore_public_acls=True,
        block_public_policy=True,
        restrict_public_buckets=True,
    )
    return {
        "ec2_security_group_admin_ports_closed": [
            R(
                b.inventory(
                    b.make(
                        sg, "web", ingress=(_rule("tcp", 443, 443, "0.0.0.0/0"), _rule("tcp", 80, 80, "::/0"))
                    ),
                    b.make(sg, "db", ingress=(_rule("tcp", 5432, 5432, "sg-0123456789abcdef0"),)),
                    b.make(sg, "bastion", ingress=(_rule("tcp", 22, 22, "10.0.0.0/16"),)),
                    b.make(sg, "icmp", ingress=(_rule("icmp", -1, -1, "0.0.0.0/0"),)),
                    b.make(sg, "empty"),
                ),
                {P: {"web", "db", "bastion", "icmp", "empty"}},
            ),
            R(
                b.inventory(
                    b.make(sg, "ssh", ingress=(_rule("tcp", 22, 22, "0.0.0.0/0"),)),
                    b.make(sg, "pg6", ingress=(_rule("tcp", 5432, 5432, "::/0"),)),
                    b.make(
                        sg, "range", ingress=(_rule("tcp", 1000, 4000, "0.0.0.0/0"),)
                    ),  # 1433, 1521, 3306, 3389
                    b.make(sg, "all", ingress=(_rule("-1", None, None, "0.0.0.0/0"),)),
                    b.make(sg, "web", ingress=(_rule("tcp", 443, 443, "0.0.0.0/0"),)),
                ),
                {F: {"ssh", "pg6", "range", "all"}, P: {"web"}},
            ),
            # a narrower port list: only SSH counts
            R(
                b.inventory(
                    b.make(sg, "pg", ingress=(_rule("tcp", 5432, 5432, "0.0.0.0/0"),)),
                    b.make(sg, "ssh", ingress=(_rule("udp", 0, 65535, "0.0.0.0/0"),)),
                ),
                {P: {"pg"}, F: {"ssh"}},
                {"ports": [22]},
            ),
        ],
        "ec2_default_vpc_unused": [
            R(
                b.inventory(
                    b.make(VPC, "default", is_default=True, network_interfaces=0),
                    b.make(VPC, "shop", network_interfaces=3),
                ),
                {P: {"default"}},
            ),
            R(
                b.inventory(
                    b.make(VPC, "default", is_default=True, network_interfaces=2),
                    b.make(VPC, "other-default", is_default=True),
                ),
                {F: {"default"}, U: {"other-default"}},
            ),
            R(b.inventory(b.make(VPC, "shop", network_interfaces=3)), {NA: {"ec2:default VPCs"}}),
        ],
        "vpc_flow_logs_enabled": [
            R(
                b.inventory(
                    b.make(VPC, "shop", active_flow_logs=("fl-1",), network_interfaces=3),
                    b.make(VPC, "default", is_default=True, active_flow_logs=(), network_interfaces=0),
                ),
                {P: {"shop"}},
            ),
            R(
                b.inventory(
                    b.make(VPC, "shop", active_flow_logs=(), network_interfaces=0),
                    b.make(VPC, "default", is_default=True, active_flow_logs=(), network_interfaces=1),
                    b.make(VPC, "unread", is_default=True),
                ),
                {F: {"shop", "default"}, U: {"unread"}},
            ),
            # without the exemption an unused default VPC needs flow logs too
            R(
                b.inventory(
                    b.make(VPC, "default", is_default=True, active_flow_logs=(), network_interfaces=0)
                ),
                {F: {"default"}},
                {"exempt_unused_default_vpc": False},
            ),
        ],
        "ebs_default_encryption": [
            R(b.inventory(b.make(EBSEncryptionByDefault, "on", enabled=True)), {P: {"on"}}),
            R(
                b.inventory(
                    b.make(EBSEncryptionByDefault, "off", enabled=False),
                    b.make(EBSEncryptionByDefault, "unread"),
                ),
                {F: {"off"}, U: {"unread"}},
            ),
        ],
        "ebs_volume_encrypted": [
            R(
                b.inventory(
                    b.make(EBSVolume, "data", encrypted=True, kms_key_id="arn:aws:kms:us-east-1:1:key/k"),
                    b.make(EBSVolume, "root", encrypted=True),
                ),
                {P: {"data", "root"}},
            ),
            R(
                b.inventory(
                    b.make(EBSVolume, "scratch", encrypted=False),
                    b.make(EBSVolume, "unread"),
                ),
                {F: {"scratch"}, U: {"unread"}},
            ),
        ],
        "ec2_imdsv2_required": [
            R(
                b.inventory(
                    b.make(EC2Instance, "app", http_tokens="required", http_endpoint="enabled"),
                    b.make(EC2Instance, "sealed", http_tokens="optional", http_endpoint="disabled"),
                ),
                {P: {"app", "sealed"}},
            ),
            R(
                b.inventory(
                    b.make(EC2Instance, "legacy", http_tokens="optional", http_endpoint="enabled"),
                    b.make(EC2Instance, "unread"),
                ),
                {F: {"legacy"}, U: {"unread"}},
            ),
        ],
        "s3_account_public_access_blocked": [
            R(
                b.inventory(b.make(S3AccountPublicAccessBlock, "account", public_access_block=all_on)),
                {P: {"account"}},
            ),
            R(
                b.inventory(
                    b.make(S3AccountPublicAccessBlock, "none"),
                    b.make(
                        S3AccountPublicAccessBlock,
                        "partial",
                        public_access_block=all_on.model_copy(update={"restrict_public_buckets": False}),
                    ),
                ),
                {F: {"none", "partial"}},
            ),
        ],
    }
