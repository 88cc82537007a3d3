"""Load balancers speak only current TLS to clients, and never plain HTTP to the internet."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, matches, unknown, unknown_attributes, verdict
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import Inventory, LoadBalancer
from coattail.review.model import Finding


def _plain_http_exposed(lb: LoadBalancer) -> bool:
    return lb.internet_facing and lb.lb_type == "application"


def _judged(lb: LoadBalancer) -> bool:
    """A listener terminating TLS, or an internet-facing ALB's plain HTTP listener, to judge."""
    return any(
        x.terminates_tls or (_plain_http_exposed(lb) and (x.protocol or "").upper() == "HTTP")
        for x in lb.listeners
    )


@check(
    id="elb_tls_policy_current",
    title="Load balancer listeners use a current TLS policy; internet-facing HTTP redirects to HTTPS",
    pillar="security",
    bp_id="SEC09-BP02",
    severity="high",
    service="elbv2",
    resource_type="AWS::ElasticLoadBalancingV2::LoadBalancer",
    rationale="The listener's security policy fixes the protocols and ciphers clients may negotiate: "
    "older policies (ELBSecurityPolicy-2016-08, TLS-1-0/1-1) still accept TLS 1.0 and 1.1. A plain HTTP "
    "listener on an internet-facing application load balancer that forwards instead of redirecting to "
    "HTTPS serves the application unencrypted.",
    remediation="aws elbv2 modify-listener --listener-arn <arn> --ssl-policy "
    "ELBSecurityPolicy-TLS13-1-2-2021-06; make port 80 redirect: aws elbv2 modify-listener --listener-arn "
    "<arn> --default-actions "
    "'Type=redirect,RedirectConfig={Protocol=HTTPS,Port=443,StatusCode=HTTP_301}'",
    remediation_terraform=(
        'ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06"\n'
        'default_action {\n  type = "redirect"\n'
        '  redirect {\n    protocol = "HTTPS"\n    port = "443"\n    status_code = "HTTP_301"\n  }\n}'
    ),
    params={
        # TLS 1.2 or later only (fnmatch patterns of the AWS predefined policy names)
        "allowed_policies": [
            "ELBSecurityPolicy-TLS13-1-2-*",
            "ELBSecurityPolicy-TLS13-1-3-*",
            "ELBSecurityPolicy-TLS-1-2-*",
            "ELBSecurityPolicy-FS-1-2-*",
        ],
    },
)
def elb_tls_policy_current(inv: Inventory, p: Params) -> Findings:
    allowed = p.strs("allowed_policies")

    def judge(lb: LoadBalancer) -> Finding:
        tls = [x for x in lb.listeners if x.terminates_tls]
        unset = [x.label for x in tls if x.ssl_policy is None]
        if unset:
            return unknown_attributes(lb, "listeners") or unknown(
                lb, f"ssl_policy not reported for {', '.join(unset)}", unknown_attributes=["ssl_policy"]
            )
        outdated = [f"{x.label} {x.ssl_policy}" for x in tls if not matches(x.ssl_policy or "", allowed)]
        plain = [
            x.label
            for x in lb.listeners
            if _plain_http_exposed(lb) and (x.protocol or "").upper() == "HTTP" and not x.redirects_to_https
        ]
        problems = [f"outdated TLS policy on {', '.join(outdated)}"] if outdated else []
        if plain:
            problems.append(f"internet-facing plain HTTP not redirected to HTTPS on {', '.join(plain)}")
        good = [f"{x.label} {x.ssl_policy}" for x in tls] + [
            f"{x.label} redirects to HTTPS" for x in lb.listeners if x.redirects_to_https
        ]
        return verdict(
            lb,
            not problems,
            "; ".join(good) or "no listener terminating TLS",
            "; ".join(problems),
            tls_listeners={x.label: x.ssl_policy for x in tls},
            plain_http_listeners=plain,
        )

    yield from each(
        inv, LoadBalancer, "load balancers with TLS or internet-facing HTTP listeners", judge, select=_judged
    )
