"""Issue 7 acceptance: the dashboard in headless Chromium against the local stack with data flowing.

DataStack runs simulator → producer → Kinesis → Spark streaming job (5 s trigger) → DynamoDB →
API + dashboard on the session's deployment. A whale trade injected through the simulator's
control API must come out of the real pipeline as a whale_trade alert and show in the page
within one 10 s poll of landing in DynamoDB; a Coinbase price divergence set at start yields
real spread alerts for the spread chart. Stopping the stack must stop every component.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import time
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

pytestmark = [pytest.mark.emulator, pytest.mark.browser, pytest.mark.slow]

SYMBOL = "BTC-USDT"
PIPELINE_TIMEOUT = 150.0  # Spark start + first batches: 30-70 s here, more under load


def wait_for(what: str, probe: Callable[[], Any], timeout: float, stack: Any, every: float = 2.0) -> Any:
    """Poll ``probe`` until it returns something truthy; fail naming ``what`` (and a dead component)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = probe()
        if found:
            return found
        dead = [c.name for c in stack.components if not c.alive()]
        assert not dead, f"{dead} exited while waiting for {what}; logs in {stack.folder}"
        time.sleep(every)
    pytest.fail(f"no {what} after {timeout:.0f} s; logs in {stack.folder}")


def newest_alerts(dynamodb: Any, table: str, alert_type: str, since: str) -> list[dict[str, Any]]:
    page = dynamodb.query(
        TableName=table,
        IndexName="type-time-index",
        KeyConditionExpression="alert_type = :t AND detected_at >= :s",
        ExpressionAttributeValues={":t": {"S": alert_type}, ":s": {"S": since}},
        ScanIndexForward=False,
    )
    return [
        {k: v.get("S", v.get("N")) for k, v in item.items()} | {"details": json.loads(item["details"]["S"])}
        for item in page["Items"]
    ]


def polls_of(page: Any) -> int:
    return int(page.get_attribute("#last-poll", "data-polls") or "0")


def wait_for_polls(page: Any, above: int, timeout_ms: int) -> int:
    """Wait until the page has completed more than ``above`` polls (the page's CSP forbids the
    string evaluation ``wait_for_function`` needs)."""
    deadline = time.monotonic() + timeout_ms / 1000
    while time.monotonic() < deadline:
        if polls_of(page) > above:
            return polls_of(page)
        page.wait_for_timeout(250)
    pytest.fail(f"the dashboard completed no poll beyond {above} in {timeout_ms} ms")


def canvas_painted(page: Any, canvas_id: str) -> int:
    return int(
        page.evaluate(
            """id => { const c = document.getElementById(id);
                const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return n; }""",
            canvas_id,
        )
    )


def test_whale_from_the_live_pipeline_shows_on_the_dashboard(
    deployment, endpoint_url, aws, chromium, tmp_path
):
    from coattail.cli.stack import DataStack
    from coattail.dashboard import settings

    poll_ms = int(settings()["poll_interval_seconds"] * 1000)
    table = deployment.outputs["dynamodb_table_name"]
    dynamodb = aws("dynamodb")
    started = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    usd = round(random.Random().uniform(2_000_000, 3_000_000), 2)  # tells this test's whale apart

    stack = DataStack(
        endpoint_url=endpoint_url,
        api_port=0,
        workdir=tmp_path / "stack",
        simulator_rate=20,
        trigger_seconds=5,
    )
    requests: list[str] = []
    console_errors: list[str] = []
    processes: list[Any] = []
    codes: dict[str, int | None] = {}
    try:
        stack.start()
        processes = [c for c in stack.components]
        assert {c.name for c in stack.components} == {"simulator", "producer", "streaming-job"}
        api_url = stack.api_server.url
        # the producer must be subscribed before anything is injected (the simulator sends to clients)
        wait_for(
            "producer connection to both exchanges",
            lambda: all(stack.control("status")["clients"][ex] >= 1 for ex in ("binance", "coinbase")),
            60,
            stack,
            every=0.5,
        )
        stack.control("divergence", exchange="coinbase", symbol=SYMBOL, pct=1.5)

        page = chromium.new_page(viewport={"width": 1280, "height": 1400})
        try:
            page.on("request", lambda r: requests.append(r.url))
            page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
            page.goto(api_url + "/", wait_until="load")
            wait_for_polls(page, above=0, timeout_ms=30_000)

            sent = stack.control("whale", exchange="binance", symbol=SYMBOL, usd=usd)["sent"]
            assert sent >= 1, "the simulator delivered the whale to no client"
            whale = wait_for(
                f"whale_trade alert of {usd:,.2f} USD in DynamoDB",
                lambda: next(
                    (
                        a
                        for a in newest_alerts(dynamodb, table, "whale_trade", started)
                        if abs(a["details"]["quote_volume"] - usd) < 1.0
                    ),
                    None,
                ),
                PIPELINE_TIMEOUT,
                stack,
            )
            polls_at_landing = polls_of(page)
            assert whale["symbol"] == SYMBOL and whale["exchange"] == "binance"
            assert whale["severity"] == "critical"  # > 1 M USD

            selector = f"#alert-feed li[data-alert-id='{whale['alert_id']}']"
            page.wait_for_selector(selector, timeout=poll_ms + 5_000)
            polls_shown = polls_of(page)
            assert polls_shown - polls_at_landing <= 1, "the alert must show on the next poll"
            assert page.locator(f"#whale-log tr[data-alert-id='{whale['alert_id']}']").count() == 1
            assert "critical" in (page.locator(f"{selector} .badge").get_attribute("class") or "")

            # the Coinbase divergence comes out of the spread query as real spread alerts
            wait_for(
                "spread_divergence alert",
                lambda: newest_alerts(dynamodb, table, "spread_divergence", started),
                PIPELINE_TIMEOUT,
                stack,
            )
            wait_for_polls(page, above=polls_of(page), timeout_ms=poll_ms + 5_000)
            assert int(page.get_attribute("#spread-chart", "data-points") or "0") >= 1
            for chart in ("spread-chart", "volume-chart"):
                assert canvas_painted(page, chart) > 200, f"{chart} canvas is blank"

            notice = page.locator("#notice")
            assert notice.is_visible()
            assert "For education and analysis, not financial advice" in notice.inner_text()
            assert page.locator("#metrics .metric").count() >= 5
            assert "error" not in (page.get_attribute("#last-poll", "class") or "")

            shot = tmp_path / "dashboard-live-stack.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 20_000
            if os.environ.get("CTC_SCREENSHOT_DIR"):
                shutil.copy(shot, os.environ["CTC_SCREENSHOT_DIR"])
        finally:
            page.close()
    finally:
        codes = stack.stop()

    assert set(codes) == {"simulator", "producer", "streaming-job"}
    assert all(not c.alive() and not c.group_alive() for c in processes), "a component outlived stop()"
    assert codes == {"simulator": 0, "producer": 0, "streaming-job": 0}, (
        f"unclean stop; logs in {stack.folder}"
    )
    with pytest.raises(OSError):
        urllib.request.urlopen(api_url + "/health", timeout=5)
    foreign = [u for u in requests if not u.startswith(api_url)]
    assert foreign == [], f"external requests: {foreign[:5]}"
    assert not console_errors, console_errors[:5]
