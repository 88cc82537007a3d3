"""The dashboard: a single static page with its assets (no CDN)."""
