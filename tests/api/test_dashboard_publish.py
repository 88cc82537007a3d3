"""`ctc api publish-dashboard` uploads every asset and a config.js naming the deployed API."""

from __future__ import annotations

import uuid

import pytest
from click.testing import CliRunner

pytestmark = pytest.mark.emulator


def test_publish_uploads_assets_with_api_config(aws, endpoint_url):
    from coattail.cli.cli import cli
    from coattail.dashboard import asset_files

    s3 = aws("s3")
    bucket = f"ctc-dash-{uuid.uuid4().hex[:8]}"
    s3.create_bucket(Bucket=bucket)
    api_url = "https://abc123.execute-api.us-east-1.amazonaws.com/dev/"
    result = CliRunner().invoke(
        cli,
        [
            "api",
            "publish-dashboard",
            "--endpoint-url",
            endpoint_url,
            "--bucket",
            bucket,
            "--api-url",
            api_url,
        ],
    )
    assert result.exit_code == 0, result.output
    keys = {o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]}
    assert keys == set(asset_files()) and {"index.html", "config.js"} <= keys
    config = s3.get_object(Bucket=bucket, Key="config.js")["Body"].read().decode()
    assert '"apiBase": "https://abc123.execute-api.us-east-1.amazonaws.com/dev"' in config
    assert '"pollMs": 10000' in config and '"BTC-USDT"' in config
    assert s3.head_object(Bucket=bucket, Key="index.html")["ContentType"].startswith("text/html")
    html = s3.get_object(Bucket=bucket, Key="index.html")["Body"].read().decode()
    assert "http://" not in html and "https://" not in html, "no external asset URLs"


def test_checked_in_config_js_matches_config_json():
    from coattail.dashboard import STATIC_DIR, config_js, settings

    assert (STATIC_DIR / "config.js").read_text() == config_js(""), "regenerate static/config.js"
    assert settings()["poll_interval_seconds"] >= 10
