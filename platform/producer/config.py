"""Producer configuration: YAML file, overridden by SSM (symbols) and environment variables."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from coattail.producer.symbols import EXCHANGES, split_canonical

ENV_SYMBOLS = "CTC_SYMBOLS"
ENV_CONNECTORS = "CTC_CONNECTORS"


@dataclass(frozen=True)
class ProducerConfig:
    symbols: tuple[str, ...]
    connectors: tuple[str, ...]
    quote_mapping: Mapping[str, Mapping[str, str]]
    urls: Mapping[str, str]
    backoff_initial: float = 1.0
    backoff_max: float = 60.0
    circuit_threshold: int = 5
    circuit_cooldown: float = 120.0
    silence_timeout: float = 30.0
    open_timeout: float = 10.0
    queue_size: int = 10_000
    flush_interval: float = 1.0
    shutdown_timeout: float = 30.0
    metrics_interval: float = 60.0
    sources: tuple[str, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        if not self.symbols:
            raise ValueError("no symbols configured")
        for s in self.symbols:
            split_canonical(s)
        unknown = [c for c in self.connectors if c not in EXCHANGES]
        if unknown or not self.connectors:
            raise ValueError(
                f"connectors {list(self.connectors)} invalid; choose from {', '.join(EXCHANGES)}"
            )
        for name in (
            "backoff_initial",
            "backoff_max",
            "circuit_cooldown",
            "silence_timeout",
            "flush_interval",
        ):
            if not getattr(self, name) > 0:
                raise ValueError(f"{name} must be > 0, got {getattr(self, name)!r}")
        if self.circuit_threshold < 1 or self.queue_size < 1:
            raise ValueError("circuit_failure_threshold and queue_size must be >= 1")

    def with_overrides(self, **changes: Any) -> ProducerConfig:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def _csv(text: str) -> tuple[str, ...]:
    return tuple(p.strip().upper() for p in text.split(",") if p.strip())


def load_config(
    path: Path | None = None, *, ssm_symbols: str | None = None, env: Mapping[str, str] | None = None
) -> ProducerConfig:
    """Read the YAML (the packaged ``config.yaml`` by default), then apply SSM and env overrides."""
    env = os.environ if env is None else env
    if path is None:
        text = resources.files("coattail.producer").joinpath("config.yaml").read_text()
        origin = "producer/config.yaml"
    else:
        text = Path(path).read_text()
        origin = str(path)
    raw = yaml.safe_load(text) or {}
    if not isinstance(raw, dict):
        raise ValueError(f"{origin}: expected a mapping at top level")
    res, writer, metrics = raw.get("resilience", {}), raw.get("writer", {}), raw.get("metrics", {})
    symbols = tuple(str(s).strip().upper() for s in raw.get("symbols", []))
    connectors = tuple(str(c).strip().lower() for c in raw.get("connectors", []))
    sources = [origin]
    if ssm_symbols:
        symbols, sources = _csv(ssm_symbols), [*sources, "ssm:config/symbols"]
    if env.get(ENV_SYMBOLS):
        symbols, sources = _csv(env[ENV_SYMBOLS]), [*sources, f"env:{ENV_SYMBOLS}"]
    if env.get(ENV_CONNECTORS):
        connectors = tuple(c.lower() for c in _csv(env[ENV_CONNECTORS]))
        sources = [*sources, f"env:{ENV_CONNECTORS}"]
    try:
        return ProducerConfig(
            symbols=symbols,
            connectors=connectors,
            quote_mapping={
                k: {str(a).upper(): str(b).upper() for a, b in (v or {}).items()}
                for k, v in raw.get("quote_mapping", {}).items()
            },
            urls={str(k): str(v) for k, v in raw.get("urls", {}).items()},
            backoff_initial=float(res.get("backoff_initial_s", 1.0)),
            backoff_max=float(res.get("backoff_max_s", 60.0)),
            circuit_threshold=int(res.get("circuit_failure_threshold", 5)),
            circuit_cooldown=float(res.get("circuit_cooldown_s", 120.0)),
            silence_timeout=float(res.get("silence_timeout_s", 30.0)),
            open_timeout=float(res.get("open_timeout_s", 10.0)),
            queue_size=int(writer.get("queue_size", 10_000)),
            flush_interval=float(writer.get("flush_interval_s", 1.0)),
            shutdown_timeout=float(writer.get("shutdown_timeout_s", 30.0)),
            metrics_interval=float(metrics.get("interval_s", 60.0)),
            sources=tuple(sources),
        )
    except (TypeError, ValueError) as exc:
        raise ValueError(f"invalid producer configuration ({' < '.join(sources)}): {exc}") from exc


def fetch_ssm_symbols(ssm: Any, project: str = "ctc", environment: str = "dev") -> str | None:
    """The ``config/symbols`` parameter, or None when the platform has not published it."""
    try:
        value = ssm.get_parameter(Name=f"/{project}/{environment}/config/symbols")["Parameter"]["Value"]
    except ssm.exceptions.ParameterNotFound:
        return None
    return str(value)
