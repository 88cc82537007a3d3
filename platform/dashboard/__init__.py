"""The dashboard: a single static page with its assets (no CDN).

``static/`` holds every file the page loads; ``config.js`` there is the default runtime
configuration (same-origin API, 10 s poll) that a deployment replaces with its API URL.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

STATIC_DIR = Path(__file__).resolve().parent / "static"
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
}


def asset_files() -> dict[str, Path]:
    """URL name (``index.html``, ``app.js`` …) → file, for every asset the page ships with."""
    return {p.name: p for p in sorted(STATIC_DIR.iterdir()) if p.suffix in CONTENT_TYPES}


def config_js(api_base: str = "", poll_ms: int = 10_000) -> str:
    """The ``config.js`` a deployment serves: where the API is and how often to poll."""
    import json

    return f"window.CTC_CONFIG = {json.dumps({'apiBase': api_base.rstrip('/'), 'pollMs': poll_ms})};\n"


def publish(s3: Any, bucket: str, api_url: str, prefix: str = "", poll_ms: int = 10_000) -> list[str]:
    """Upload every asset plus a ``config.js`` naming the API; returns the keys written."""
    keys = []
    base = prefix.strip("/") + "/" if prefix.strip("/") else ""
    for name, path in asset_files().items():
        body = config_js(api_url, poll_ms).encode() if name == "config.js" else path.read_bytes()
        key = base + name
        s3.put_object(
            Bucket=bucket, Key=key, Body=body, ContentType=CONTENT_TYPES[path.suffix], CacheControl="no-cache"
        )
        keys.append(key)
    return keys
