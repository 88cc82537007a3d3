"""Pipeline configuration: the YAML next to this module, validated into frozen models."""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

DEFAULT_CONFIG = Path(__file__).with_name("pipeline.yaml")
SEVERITY_ORDER = ("low", "medium", "high", "critical")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _check_severity(value: dict[str, float]) -> dict[str, float]:
    unknown = set(value) - set(SEVERITY_ORDER)
    if unknown:
        raise ValueError(f"unknown severities {sorted(unknown)}; use {SEVERITY_ORDER}")
    bounds = [value[s] for s in SEVERITY_ORDER if s in value]
    if bounds != sorted(bounds):
        raise ValueError(f"severity bounds must rise with severity: {value}")
    return value


class QualityConfig(_Frozen):
    symbols: tuple[str, ...]
    duplicate_horizon: str = "1 hour"
    late_after_seconds: int = Field(300, gt=0)
    quote_volume_tolerance: float = Field(0.001, gt=0)


class DetectorBase(_Frozen):
    module_id: str
    name: str

    def config_hash(self) -> str:
        """Short hash of this detector's settings: recorded in every alert's lineage."""
        canonical = json.dumps(self.model_dump(), sort_keys=True, default=str)
        return hashlib.sha256(canonical.encode()).hexdigest()[:12]


class VolumeAnomalyConfig(DetectorBase):
    window: str
    watermark: str
    baseline_seconds: int = Field(gt=0)
    min_baseline_windows: int = Field(ge=2)
    severity: dict[str, float]

    _v = field_validator("severity")(_check_severity)


class WhaleConfig(DetectorBase):
    severity: dict[str, float]

    _v = field_validator("severity")(_check_severity)


class SpreadConfig(DetectorBase):
    window: str
    watermark: str
    exchange_a: str
    exchange_b: str
    severity: dict[str, float]

    _v = field_validator("severity")(_check_severity)


class DetectorsConfig(_Frozen):
    volume_anomaly: VolumeAnomalyConfig
    whale: WhaleConfig
    spread: SpreadConfig


class AlertsConfig(_Frozen):
    ttl_hours: int = Field(24, gt=0)


class StreamingConfig(_Frozen):
    trigger_seconds: float = Field(5, gt=0)
    max_records_per_shard: int = Field(10_000, gt=0)


class PipelineConfig(_Frozen):
    pipeline_version: str
    tier: str
    tiers: dict[str, tuple[str, ...]]
    quality: QualityConfig
    detectors: DetectorsConfig
    alerts: AlertsConfig
    streaming: StreamingConfig

    @model_validator(mode="after")
    def _tier_known(self) -> PipelineConfig:
        if self.tier not in self.tiers:
            raise ValueError(f"tier {self.tier!r} is not one of {sorted(self.tiers)}")
        known = {d.module_id for d in self.detector_list()}
        for tier, modules in self.tiers.items():
            bad = set(modules) - known
            if bad:
                raise ValueError(f"tier {tier!r} names unknown modules {sorted(bad)}; known: {sorted(known)}")
        return self

    def detector_list(self) -> list[DetectorBase]:
        return [self.detectors.volume_anomaly, self.detectors.whale, self.detectors.spread]

    def enabled(self, module_id: str) -> bool:
        return module_id in self.tiers[self.tier]

    def with_overrides(self, **changes: Any) -> PipelineConfig:
        """A copy with nested overrides, e.g. ``with_overrides(tier="minimal")``."""
        data = self.model_dump()
        _deep_update(data, changes)
        return PipelineConfig.model_validate(data)


def _deep_update(target: dict[str, Any], changes: dict[str, Any]) -> None:
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict) and key not in ("severity", "tiers"):
            _deep_update(target[key], value)
        else:
            target[key] = value


def load_config(path: Path | str | None = None, **overrides: Any) -> PipelineConfig:
    """Read and validate the pipeline YAML (the packaged default when ``path`` is None)."""
    source = Path(path) if path else DEFAULT_CONFIG
    try:
        # the packaged default through importlib.resources: also readable from a --py-files zip
        text = source.read_text() if path else resources.files(__name__).joinpath(source.name).read_text()
        data = yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as exc:
        raise ValueError(f"cannot read pipeline config {source}: {exc}") from exc
    if not isinstance(data, dict):
        raise ValueError(f"pipeline config {source} must be a mapping, got {type(data).__name__}")
    _deep_update(data, overrides)
    return PipelineConfig.model_validate(data)
