"""The cost-adding options (fields of ``var.api``): switched on together on the deployed platform, Terraform
converges, the review judges what is deployed and prices it; switched off again, the seed's decision
is back and Terraform converges again."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from coattail.review.checks._registry import load_checks
from coattail.review.collectors import CollectRequest, collect
from coattail.review.collectors.live import LiveOptions
from coattail.review.collectors.live.specs import ALL_SPECS
from coattail.review.cost import estimate
from coattail.review.decisions import review_plan
from coattail.review.engine import review
from coattail.review.model import ReviewResults, SourceKind, Status
from coattail.review.profile import load_profile

pytestmark = [pytest.mark.emulator, pytest.mark.slow]
OPTIONS: dict[str, dict[str, Any]] = {
    "api": {
        "alerts_table_pitr": True,
        "cache_size_gb": "0.5",
        "cache_ttl_seconds": 10,
        "waf_rate_limit": 1000,
    },
    "emr_serverless": {"architecture": "ARM64"},
}
#: check -> (variable, field) of the option that makes it pass
JUDGED = {
    "dynamodb_pitr_enabled": ("api", "alerts_table_pitr"),
    "apigateway_caching": ("api", "cache_size_gb"),
    "waf_protects_api": ("api", "waf_rate_limit"),
    "emr_arm64_architecture": ("emr_serverless", "architecture"),
}
SERVICES = ("dynamodb", "apigateway", "wafv2", "emr-serverless", "lambda")


def _review(endpoint_url: str) -> tuple[ReviewResults, dict[str, Any]]:
    checks = load_checks()
    specs = tuple(s for s in ALL_SPECS if s.service in SERVICES)
    live = LiveOptions(endpoint_url=endpoint_url, specs=specs)
    inventory = collect(CollectRequest(sources=(SourceKind.LIVE,), live=live)).inventory
    results = review(inventory, checks, review_plan(load_profile("ctc", checks)))
    return results, estimate(inventory)


def _statuses(results: ReviewResults) -> dict[str, Status]:
    return {r.meta.id: r.status for r in results.checks if r.meta.id in JUDGED}


def _improvements(results: ReviewResults) -> dict[str, str]:
    """The seed's improvement opportunities these options implement, with their judged status."""
    return {
        i.text: i.status.value
        for i in results.improvements
        if i.origin == "profile" and set(i.check_ids) & set(JUDGED)
    }


def _method_settings(aws: Any) -> dict[str, Any]:
    """The deployed stage's method settings, by method path."""
    apigw = aws("apigateway")
    (api,) = [a["id"] for a in apigw.get_rest_apis()["items"] if a["name"].startswith("ctc-dev")]
    stages = apigw.get_stages(restApiId=api)["item"]
    return {k: v for s in stages for k, v in (s.get("methodSettings") or {}).items()}


def _option_lines(cost: dict[str, Any]) -> dict[str, float]:
    wanted = ("point-in-time recovery", "cache cluster", "web ACLs")
    return {
        line["item"]: line["usd_per_day"]
        for line in cost["lines"]
        if line["mode"] == "idle" and any(w in line["item"] for w in wanted)
    }


def test_the_options_are_declared_fields_of_their_variables(infra_dir: Path) -> None:
    """Terraform drops an object attribute it does not declare without a word: a misspelt option
    would deploy the default."""
    text = (infra_dir / "variables.tf").read_text()
    for variable, fields in OPTIONS.items():
        body = re.search(rf'^variable "{variable}" \{{(.*?)^\}}', text, re.M | re.S)
        assert body is not None, variable
        declared = set(re.findall(r"^\s+(\w+)\s+= optional\(", body.group(1), re.M))
        judged = {field for v, field in JUDGED.values() if v == variable}
        assert set(fields) <= declared and judged <= declared, (variable, declared)


def test_options_switched_on_are_deployed_judged_priced_and_switched_off_again(
    deployment: Any, endpoint_url: str, aws: Any
) -> None:
    before, cost_before = _review(endpoint_url)
    settings_before = _method_settings(aws)
    assert set(_statuses(before).values()) == {Status.FAIL}, _statuses(before)
    assert len(_improvements(before)) == 4 and "done" not in _improvements(before).values()
    assert _option_lines(cost_before) == {}
    try:
        deployment.set_variables(OPTIONS)
        deployment.apply()
        assert deployment.plan_changes() == []
        on, cost_on = _review(endpoint_url)
        assert _statuses(on) == dict.fromkeys(JUDGED, Status.PASS), [
            f"{f.resource_id}: {f.message}" for r in on.checks if r.meta.id in JUDGED for f in r.findings
        ]
        assert set(_improvements(on).values()) == {"done"}, _improvements(on)
        # the cache keys on the symbol: one entry per symbol, not one answer for every symbol
        apigw = aws("apigateway")
        (rest_api,) = [a["id"] for a in apigw.get_rest_apis()["items"] if a["name"].startswith("ctc-dev")]
        (resource,) = [
            r["id"]
            for r in apigw.get_resources(restApiId=rest_api)["items"]
            if r["path"] == "/metrics/{symbol}"
        ]
        integration = apigw.get_integration(restApiId=rest_api, resourceId=resource, httpMethod="GET")
        assert integration["cacheKeyParameters"] == ["method.request.path.symbol"]
        lines = _option_lines(cost_on)
        assert any("point-in-time recovery" in item for item in lines), lines
        assert any("cache cluster 0.5 GB" in item for item in lines), lines
        assert "1 web ACLs with 3 rules" in lines, lines  # 5 + 3 x 1 USD a month
        assert cost_on["idle_per_day"] > cost_before["idle_per_day"] + 0.48
        emr = [line["item"] for line in cost_on["lines"] if line["service"] == "EMR Serverless"]
        assert any("(ARM64)" in item for item in emr), emr  # Graviton rates
        assert cost_on["active_per_hour"] < cost_before["active_per_hour"]
    finally:
        deployment.set_variables({})
        deployment.apply()
    assert deployment.plan_changes() == []
    after, cost_after = _review(endpoint_url)
    assert _statuses(after) == _statuses(before)
    # switched off is the deployed state again: the cached method's own settings are gone too
    assert _method_settings(aws) == settings_before
    assert "ctc-dev-api" not in {a["Name"] for a in aws("wafv2").list_web_acls(Scope="REGIONAL")["WebACLs"]}
    assert cost_after["idle_per_day"] == pytest.approx(cost_before["idle_per_day"], abs=1e-4)
