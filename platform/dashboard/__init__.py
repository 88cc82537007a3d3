"""The dashboard: a single static page with its assets (no CDN).

``static/`` holds every file the page loads. ``config.js`` is generated from ``config.json``
(poll interval, symbols) plus where the API is: ``static/config.js`` is the checked-in default
(same origin; a test keeps it in sync), ``ctc api serve`` and ``ctc api publish-dashboard``
(the API Gateway stage URL) generate their own.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

PACKAGE_DIR = Path(__file__).resolve().parent
STATIC_DIR = PACKAGE_DIR / "static"
CONFIG_FILE = PACKAGE_DIR / "config.json"
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
}


def asset_files() -> dict[str, Path]:
    """URL name (``index.html``, ``app.js`` …) → file, for every static asset of the page."""
    return {p.name: p for p in sorted(STATIC_DIR.iterdir()) if p.suffix in CONTENT_TYPES}


def settings() -> dict[str, Any]:
    """``config.json``, validated: ``poll_interval_seconds`` >= 1 and a non-empty symbol list."""
    data = json.loads(CONFIG_FILE.read_text())
    poll = data.get("poll_interval_seconds")
    if not isinstance(poll, int | float) or isinstance(poll, bool) or poll < 1:
        raise ValueError(f"{CONFIG_FILE}: poll_interval_seconds must be a number >= 1, got {poll!r}")
    symbols = data.get("symbols")
    if not isinstance(symbols, list) or not symbols or not all(isinstance(s, str) for s in symbols):
        raise ValueError(f"{CONFIG_FILE}: symbols must be a non-empty list of strings")
    return data


def config_js(api_base: str = "", poll_ms: int | None = None) -> str:
    """The ``config.js`` the page loads: API base URL, poll interval (ms) and symbols."""
    cfg = settings()
    values = {
        "apiBase": api_base.rstrip("/"),
        "pollMs": poll_ms if poll_ms is not None else int(cfg["poll_interval_seconds"] * 1000),
        "symbols": cfg["symbols"],
    }
    return f"window.CTC_CONFIG = {json.dumps(values)};\n"


def publish(s3: Any, bucket: str, api_url: str, prefix: str = "") -> list[str]:
    """Upload every asset plus a generated ``config.js`` naming the API; returns the keys written."""
    base = prefix.strip("/") + "/" if prefix.strip("/") else ""
    bodies = {name: (path.read_bytes(), CONTENT_TYPES[path.suffix]) for name, path in asset_files().items()}
    bodies["config.js"] = (config_js(api_url).encode(), CONTENT_TYPES[".js"])
    for name, (body, content_type) in bodies.items():
        s3.put_object(
            Bucket=bucket, Key=base + name, Body=body, ContentType=content_type, CacheControl="no-cache"
        )
    return [base + name for name in bodies]
