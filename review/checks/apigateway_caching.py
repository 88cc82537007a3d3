"""Repeated reads are served from a cache sized to the polling interval."""

from __future__ import annotations

from coattail.review.checks._common import Findings, each, verdict
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import ApiGatewayStage, Inventory
from coattail.review.model import Finding


@check(
    id="apigateway_caching",
    title="API Gateway stage caching is enabled with a TTL no longer than the data's freshness",
    pillar="performance_efficiency",
    bp_id="PERF03-BP05",
    severity="low",
    service="apigateway",
    resource_type="AWS::ApiGateway::Stage",
    rationale="Every dashboard polls the same metrics; a cache with the poll interval as TTL serves them "
    "without invoking the function and reading the table each time.",
    remediation="Enable the stage cache cluster and caching on GET methods with ttl = poll interval.",
    remediation_terraform='cache_cluster_enabled = true\ncache_cluster_size = "0.5"\n'
    "settings { caching_enabled = true  cache_ttl_in_seconds = 10 }",
    params={"max_ttl_seconds": 60},
)
def apigateway_caching(inv: Inventory, p: Params) -> Findings:
    def judge(s: ApiGatewayStage) -> Finding:
        ttls = [m.cache_ttl_seconds for m in s.method_settings if m.caching_enabled and m.cache_ttl_seconds]
        ok = s.caching_enabled and all(t <= p.int("max_ttl_seconds") for t in ttls)
        return verdict(
            s,
            ok,
            f"cache cluster {s.cache_cluster_size} GB, TTL {ttls} s",
            "caching not enabled"
            if not s.caching_enabled
            else f"cache TTL {ttls} s > {p.int('max_ttl_seconds')} s",
            cache_cluster_enabled=s.cache_cluster_enabled,
            ttls=ttls,
        )

    yield from each(inv, ApiGatewayStage, "API Gateway REST stages", judge)
