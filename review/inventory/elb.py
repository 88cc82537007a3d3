"""Elastic Load Balancing (v2): application, network and gateway load balancers and their listeners."""

from __future__ import annotations

from typing import ClassVar

from coattail.review.inventory.base import Frozen, Resource

#: Listener protocols that terminate TLS at the load balancer (they carry a security policy).
TLS_PROTOCOLS = frozenset({"HTTPS", "TLS"})


class LoadBalancerListener(Frozen):
    port: int | None = None
    protocol: str | None = None  # HTTP | HTTPS | TCP | TLS | UDP | TCP_UDP | GENEVE
    ssl_policy: str | None = None  # only for HTTPS/TLS listeners
    certificate_arns: tuple[str, ...] = ()
    default_action_types: tuple[str, ...] = ()  # forward | redirect | fixed-response | authenticate-*
    redirect_protocol: str | None = None  # the default redirect's protocol (HTTPS, #{protocol}, ...)

    @property
    def terminates_tls(self) -> bool:
        return (self.protocol or "").upper() in TLS_PROTOCOLS

    @property
    def redirects_to_https(self) -> bool:
        return "redirect" in self.default_action_types and (self.redirect_protocol or "").upper() == "HTTPS"

    @property
    def label(self) -> str:
        return f"{self.protocol or '?'}:{self.port if self.port is not None else '?'}"


class LoadBalancer(Resource):
    resource_type: ClassVar[str] = "AWS::ElasticLoadBalancingV2::LoadBalancer"
    service: ClassVar[str] = "elbv2"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_lb", "aws_alb")

    lb_type: str | None = None  # application | network | gateway
    scheme: str | None = None  # internet-facing | internal
    state: str | None = None  # active | provisioning | failed ...
    vpc_id: str | None = None
    availability_zones: tuple[str, ...] | None = None  # None: not known (Terraform names subnets)
    listeners: tuple[LoadBalancerListener, ...] = ()
    access_logs_enabled: bool | None = None
    access_logs_bucket: str | None = None
    deletion_protection: bool | None = None
    #: ALBs only (routing.http.drop_invalid_header_fields.enabled); None for other types or unread
    drop_invalid_header_fields: bool | None = None

    @property
    def internet_facing(self) -> bool:
        return self.scheme == "internet-facing"
