"""Right-size the EMR Serverless application from a measured Spark profile.

The profile is what ``benchmarks/jobs_throughput.py --profile-out`` measured on local cores: events
per second, the JVM heap's peak and the rows per micro-batch. The targets are
``platform/jobs/config/sizing.yaml``. :func:`recommend` turns both into a maximum capacity (driver plus
executors) in the worker sizes EMR Serverless accepts, with every step of the arithmetic kept so the
report can show it. ``benchmarks/emr_sizing.py`` writes the result to
``platform/infra/sizing/emr_capacity.json``, which the Terraform root uses as the application's
capacity defaults and records on the application as tags (the review compares them with the
deployed maximum).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field

SIZING_TARGETS = Path(__file__).with_name("config") / "sizing.yaml"

# EMR Serverless worker sizes: vCPU -> (min GB, max GB) of memory for a worker of that many vCPU
# (https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/app-behavior.html#worker-configs).
WORKER_MEMORY_GB: dict[int, tuple[int, int]] = {1: (2, 8), 2: (4, 16), 4: (8, 30), 8: (16, 60), 16: (32, 120)}
GIB = 1024**3


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SparkProfile(_Frozen):
    """What one benchmark run measured (local mode: driver and executors share one JVM)."""

    events_per_second: float = Field(gt=0)
    local_cores: int = Field(gt=0)
    rows_per_batch: float = Field(gt=0)
    peak_heap_bytes: int = Field(gt=0)
    driver_memory: str
    events: int = Field(gt=0)
    load_average: float
    measured_at: str
    commit: str = ""


class Worker(_Frozen):
    vcpu: int
    memory_gb: int


class SizingTargets(_Frozen):
    peak_events_per_second: float = Field(gt=0)
    catch_up_factor: float = Field(ge=1)
    driver: Worker
    executor_vcpu: int = Field(gt=0)
    spare_executors: int = Field(ge=0)
    heap_safety_factor: float = Field(ge=1)


class Recommendation(_Frozen):
    max_cpu: str
    max_memory: str
    driver_cpu: str
    driver_memory: str
    executors: int
    executor: Worker
    steps: tuple[str, ...]


def load_targets(path: Path = SIZING_TARGETS) -> SizingTargets:
    return SizingTargets.model_validate(yaml.safe_load(path.read_text()))


def load_profile(path: Path) -> SparkProfile:
    try:
        return SparkProfile.model_validate(json.loads(path.read_text()))
    except (OSError, ValueError) as exc:
        raise ValueError(
            f"{path}: not a Spark profile written by jobs_throughput.py --profile-out: {exc}"
        ) from exc


def worker_memory_gb(vcpu: int, needed_gb: float) -> int:
    """The smallest memory EMR Serverless accepts for a ``vcpu`` worker that holds ``needed_gb``."""
    if vcpu not in WORKER_MEMORY_GB:
        raise ValueError(f"EMR Serverless workers have 1, 2, 4, 8 or 16 vCPU, not {vcpu}")
    low, high = WORKER_MEMORY_GB[vcpu]
    gb = max(low, math.ceil(needed_gb))
    if gb > high:
        raise ValueError(f"a {vcpu} vCPU worker holds at most {high} GB; {needed_gb:.1f} GB is needed")
    return gb


def recommend(profile: SparkProfile, targets: SizingTargets, trigger_seconds: float) -> Recommendation:
    """Executors for the catch-up rate at the measured rate per core; memory from the heap per row
    (a micro-batch of ``trigger_seconds`` at that rate)."""
    per_core = profile.events_per_second / profile.local_cores
    rate = targets.peak_events_per_second * targets.catch_up_factor
    executor_cores = math.ceil(rate / per_core)
    executors = max(1, math.ceil(executor_cores / targets.executor_vcpu))
    heap_per_row = profile.peak_heap_bytes / profile.rows_per_batch
    batch_rows = rate * trigger_seconds
    batch_heap_gb = heap_per_row * batch_rows * targets.heap_safety_factor / GIB
    driver_gb = worker_memory_gb(targets.driver.vcpu, max(targets.driver.memory_gb, batch_heap_gb))
    task_heap_gb = profile.peak_heap_bytes / profile.local_cores * targets.heap_safety_factor / GIB
    executor = Worker(
        vcpu=targets.executor_vcpu,
        memory_gb=worker_memory_gb(targets.executor_vcpu, task_heap_gb * targets.executor_vcpu),
    )
    workers = executors + targets.spare_executors
    max_cpu = targets.driver.vcpu + workers * executor.vcpu
    max_gb = driver_gb + workers * executor.memory_gb
    steps = (
        f"measured {profile.events_per_second:,.0f} events/s on {profile.local_cores} local cores = "
        f"{per_core:,.0f} events/s per core (load {profile.load_average:.1f}, {profile.events:,} events)",
        f"to serve: {targets.peak_events_per_second:,.0f} events/s peak x {targets.catch_up_factor:g} "
        f"catch-up = {rate:,.0f} events/s -> {executor_cores} core(s) -> {executors} executor(s) of "
        f"{targets.executor_vcpu} vCPU",
        f"heap: peak {profile.peak_heap_bytes / GIB:.2f} GiB for {profile.rows_per_batch:,.0f}-row batches = "
        f"{heap_per_row:,.0f} B/row; a {trigger_seconds:g} s batch at {rate:,.0f} events/s = "
        f"{batch_rows:,.0f} rows x {targets.heap_safety_factor:g} safety = {batch_heap_gb:.2f} GiB "
        f"-> driver {targets.driver.vcpu} vCPU / {driver_gb} GB (at least the pre-initialised "
        f"{targets.driver.memory_gb} GB)",
        f"per task: {profile.peak_heap_bytes / GIB:.2f} GiB / {profile.local_cores} cores x "
        f"{targets.heap_safety_factor:g} = {task_heap_gb:.2f} GiB -> executor {executor.vcpu} vCPU / "
        f"{executor.memory_gb} GB (EMR's smallest {executor.vcpu} vCPU worker has "
        f"{WORKER_MEMORY_GB[executor.vcpu][0]} GB)",
        f"maximum = driver + ({executors} + {targets.spare_executors} spare) executors = "
        f"{max_cpu} vCPU / {max_gb} GB",
    )
    return Recommendation(
        max_cpu=f"{max_cpu} vCPU",
        max_memory=f"{max_gb} GB",
        driver_cpu=f"{targets.driver.vcpu} vCPU",
        driver_memory=f"{driver_gb} GB",
        executors=executors,
        executor=executor,
        steps=steps,
    )


def capacity_file(rec: Recommendation, profile: SparkProfile, report: str) -> dict[str, Any]:
    """The JSON the Terraform root reads (``platform/infra/sizing/emr_capacity.json``)."""
    return {
        "max_cpu": rec.max_cpu,
        "max_memory": rec.max_memory,
        "driver_cpu": rec.driver_cpu,
        "driver_memory": rec.driver_memory,
        "report": report,
        "profile_measured_at": profile.measured_at,
        "profile_commit": profile.commit,
    }
