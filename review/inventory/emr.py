"""Amazon EMR Serverless applications."""

from __future__ import annotations

import re
from typing import ClassVar

from coattail.review.inventory.base import Frozen, Resource

_QUANTITY = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*([a-zA-Z]*)\s*$")


def parse_vcpu(value: str | int | float | None) -> float | None:
    """'4 vCPU' / '4vCPU' / '4' -> 4.0."""
    return _parse(value, {"": 1, "vcpu": 1, "cpu": 1})


def parse_gb(value: str | int | float | None) -> float | None:
    """'8 GB' / '8GB' / '8192 MB' / '8' -> 8.0 (gigabytes)."""
    return _parse(value, {"": 1, "gb": 1, "g": 1, "mb": 1 / 1024, "tb": 1024})


def _parse(value: str | int | float | None, units: dict[str, float]) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, int | float):
        return float(value)
    m = _QUANTITY.match(value)
    if not m or m.group(2).lower() not in units:
        raise ValueError(f"cannot parse capacity {value!r} (expected e.g. '4 vCPU' or '8 GB')")
    return round(float(m.group(1)) * units[m.group(2).lower()], 3)


class WorkerCapacity(Frozen):
    worker_type: str  # DRIVER | EXECUTOR
    count: int
    cpu_vcpu: float | None = None
    memory_gb: float | None = None
    disk_gb: float | None = None


class EMRServerlessApp(Resource):
    resource_type: ClassVar[str] = "AWS::EMRServerless::Application"
    service: ClassVar[str] = "emr-serverless"
    tf_types: ClassVar[tuple[str, ...]] = ("aws_emrserverless_application",)

    app_type: str | None = None  # SPARK | HIVE
    release_label: str | None = None
    state: str | None = None
    auto_stop_enabled: bool | None = None
    auto_stop_idle_minutes: int | None = None
    auto_start_enabled: bool | None = None
    max_cpu_vcpu: float | None = None
    max_memory_gb: float | None = None
    max_disk_gb: float | None = None
    initial_capacity: tuple[WorkerCapacity, ...] = ()
    architecture: str | None = None  # X86_64 | ARM64
    network_configured: bool | None = None

    def initial(self, worker_type: str) -> WorkerCapacity | None:
        return next((w for w in self.initial_capacity if w.worker_type.upper() == worker_type.upper()), None)
