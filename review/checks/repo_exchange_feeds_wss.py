"""Exchange feeds are consumed over TLS."""

from __future__ import annotations

from coattail.review.checks._common import Findings, no_repository, repository_finding
from coattail.review.checks._registry import Params, check
from coattail.review.inventory import Inventory
from coattail.review.model import Status


@check(
    id="repo_exchange_feeds_wss",
    kind="claim",
    title="Every configured exchange WebSocket URL uses wss:// (TLS)",
    pillar="security",
    bp_id="SEC09-BP02",
    severity="high",
    service="repository",
    resource_type="file",
    rationale="Plain ws:// lets anyone on the path read or alter the market data the detectors act on.",
    remediation="Use the exchanges' wss:// endpoints in the producer configuration.",
    params={"path": "platform/producer/config.yaml", "key": "urls"},
)
def repo_exchange_feeds_wss(inv: Inventory, p: Params) -> Findings:
    repo = inv.repository
    if repo is None:
        yield no_repository(inv, "exchange feed URLs")
        return
    cfg = repo.config(p.str("path"))
    urls = cfg.get(p.str("key")) if cfg else None
    if not isinstance(urls, dict) or not urls:
        yield repository_finding(p.str("path"), Status.FAIL, f"no feed URLs under {p.str('key')}")
        return
    plain = sorted(k for k, v in urls.items() if not str(v).startswith("wss://"))
    yield repository_finding(
        p.str("path"),
        Status.FAIL if plain else Status.PASS,
        f"feeds without TLS: {plain}"
        if plain
        else f"{len(urls)} feeds over wss:// ({', '.join(sorted(urls))})",
        urls={k: str(v) for k, v in urls.items()},
    )
