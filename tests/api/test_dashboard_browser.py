"""The dashboard in headless Chromium against the local API server while alerts keep arriving."""

from __future__ import annotations

import os
import random
import shutil
import uuid
from datetime import UTC, datetime, timedelta

import pytest

pytestmark = [pytest.mark.emulator, pytest.mark.browser]


@pytest.fixture
def live_server(aws, alerts_kit):
    """A fresh alerts table with recent alerts, served with the dashboard by LocalApiServer."""
    from coattail.api.app import App
    from coattail.api.local_server import LocalApiServer
    from coattail.api.store import AlertStore
    from coattail.dashboard import asset_files, config_js

    client = aws("dynamodb")
    table = f"ctc-dashtest-alerts-{uuid.uuid4().hex[:8]}"
    alerts_kit.create_table(client, table)
    rng = random.Random(11)
    now = datetime.now(UTC)
    alerts = [
        alerts_kit.make_alert(rng, now - timedelta(seconds=rng.uniform(60, 5 * 3600))) for _ in range(400)
    ]
    alerts_kit.batch_write(client, table, alerts)
    app = App(store=AlertStore(client, table), allowed_symbols=("BTC-USDT", "ETH-USDT", "SOL-USDT"))
    server = LocalApiServer(app, static_files=asset_files(), config_js=config_js("")).start()
    try:
        yield server, client, table
    finally:
        server.stop()
        client.delete_table(TableName=table)


def test_dashboard_shows_new_alerts_within_one_poll(live_server, alerts_kit, chromium, tmp_path):
    from coattail.dashboard import settings

    poll_ms = int(settings()["poll_interval_seconds"] * 1000)
    assert poll_ms == 10_000, "the shipped dashboard polls every 10 s"
    server, client, table = live_server
    requests: list[str] = []
    console_errors: list[str] = []
    page = chromium.new_page(viewport={"width": 1280, "height": 1400})
    try:
        page.on("request", lambda r: requests.append(r.url))
        page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
        page.goto(server.url + "/", wait_until="load")
        page.wait_for_selector("#alert-feed li", timeout=30_000)
        page.wait_for_function("document.getElementById('last-poll').dataset.polls >= '1'", timeout=30_000)

        notice = page.locator("#notice")
        assert notice.is_visible()
        assert "For education and analysis, not financial advice" in notice.inner_text()
        assert page.locator("#alert-feed li").count() == 50
        badge_classes = page.locator("#alert-feed .badge").evaluate_all("els => els.map(e => e.className)")
        assert all(any(f"sev-{s}" in c for s in ("low", "medium", "high", "critical")) for c in badge_classes)
        for chart in ("volume-chart", "spread-chart"):
            points = int(page.get_attribute(f"#{chart}", "data-points") or "0")
            assert points > 0, f"{chart} drew nothing"
            painted = page.evaluate(
                """id => { const c = document.getElementById(id);
                    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                    let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return n; }""",
                chart,
            )
            assert painted > 1000, f"{chart} canvas is blank"
        assert page.locator("#whale-log tr").count() >= 1
        assert page.locator("#metrics .metric").count() >= 5
        assert page.locator("#health-status").text_content() in ("ok", "degraded", "unknown")

        polls_before = int(page.get_attribute("#last-poll", "data-polls") or "0")
        rng = random.Random(99)
        fresh = alerts_kit.make_alert(rng, datetime.now(UTC), alert_type="whale_trade", symbol="BTC-USDT")
        client.put_item(TableName=table, Item=alerts_kit.to_item(fresh))
        selector = f"#alert-feed li[data-alert-id='{fresh['alert_id']}']"
        page.wait_for_selector(selector, timeout=poll_ms + 5_000)
        polls_after = int(page.get_attribute("#last-poll", "data-polls") or "0")
        assert polls_after - polls_before <= 1, "the alert must appear on the next poll"
        assert page.locator(f"#whale-log tr[data-alert-id='{fresh['alert_id']}']").count() == 1
        assert "new" in (page.get_attribute(selector, "class") or "")

        shot = tmp_path / "dashboard.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 20_000
        if os.environ.get("CTC_SCREENSHOT_DIR"):
            shutil.copy(shot, os.environ["CTC_SCREENSHOT_DIR"])
    finally:
        page.close()
    foreign = [u for u in requests if not u.startswith(server.url)]
    assert foreign == [], f"external requests: {foreign[:5]}"
    assert not console_errors, console_errors[:5]
