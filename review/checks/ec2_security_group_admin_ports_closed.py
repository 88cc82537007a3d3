"""Security groups do not open administrative or database ports to the whole internet."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, unknown_attributes, verdict
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import Inventory, SecurityGroup
from coattail.review.model import Finding

#: What a port is usually for, to name it in a finding.
PORT_NAMES = {
    22: "SSH",
    3389: "RDP",
    3306: "MySQL",
    5432: "PostgreSQL",
    1433: "SQL Server",
    1521: "Oracle",
    27017: "MongoDB",
    6379: "Redis",
    11211: "Memcached",
    9200: "OpenSearch",
    9300: "OpenSearch transport",
    5601: "Kibana",
}


@check(
    id="ec2_security_group_admin_ports_closed",
    title="Security groups do not open administrative or database ports to the internet",
    pillar="security",
    bp_id="SEC05-BP02",
    severity="high",
    service="ec2",
    resource_type="AWS::EC2::SecurityGroup",
    rationale="SSH, RDP and database ports reachable from 0.0.0.0/0 or ::/0 are scanned and brute-forced "
    "within minutes; only the flows a workload needs should cross a network layer, from known sources "
    "(a bastion's or load balancer's security group, a VPN range) or through Session Manager. A rule "
    "for all protocols or a port range containing such a port opens it too.",
    remediation="aws ec2 revoke-security-group-ingress --group-id <sg> --ip-permissions "
    "'IpProtocol=tcp,FromPort=22,ToPort=22,IpRanges=[{CidrIp=0.0.0.0/0}]' "
    "(then allow the port from a security group or a private range, or use Session Manager)",
    remediation_terraform="ingress {\n  from_port       = 5432\n  to_port         = 5432\n"
    '  protocol        = "tcp"\n'
    '  security_groups = [aws_security_group.app.id] # not cidr_blocks = ["0.0.0.0/0"]\n}',
    params={
        "ports": sorted(PORT_NAMES),
        "open_sources": ["0.0.0.0/0", "::/0"],
    },
)
def ec2_security_group_admin_ports_closed(inv: Inventory, p: Params) -> Findings:
    ports = [int(x) for x in p["ports"]]
    open_sources = set(p.strs("open_sources"))

    def judge(g: SecurityGroup) -> Finding:
        exposed = sorted(
            {
                (port, rule.source)
                for rule in g.ingress
                if rule.source in open_sources
                for port in ports
                if rule.covers(port)
            }
        )
        shown = [f"{port} ({PORT_NAMES.get(port, 'port')}) from {source}" for port, source in exposed]
        return unknown_attributes(g, "ingress") or verdict(
            g,
            not exposed,
            f"no administrative or database port open to {', '.join(sorted(open_sources))}",
            "open to the internet: " + ", ".join(shown),
            exposed=shown,
        )

    yield from each(inv, SecurityGroup, "security groups", judge)
