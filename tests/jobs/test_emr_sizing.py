"""Right-sizing EMR Serverless from the measured Spark profile (coattail.jobs.sizing)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from coattail.jobs.config import load_config
from coattail.jobs.sizing import (
    SizingTargets,
    SparkProfile,
    capacity_file,
    load_profile,
    load_targets,
    recommend,
    worker_memory_gb,
)

ROOT = Path(__file__).resolve().parents[2]
GIB = 1024**3


def profile(**kw: object) -> SparkProfile:
    base: dict[str, object] = {
        "events_per_second": 20_000.0,
        "local_cores": 2,
        "rows_per_batch": 300_000.0,
        "peak_heap_bytes": GIB,
        "driver_memory": "2g",
        "events": 600_000,
        "load_average": 1.0,
        "measured_at": "2026-12-07T19:00:00Z",
    }
    return SparkProfile.model_validate(base | kw)


def targets(**kw: object) -> SizingTargets:
    base: dict[str, object] = {
        "peak_events_per_second": 1000,
        "catch_up_factor": 2,
        "driver": {"vcpu": 2, "memory_gb": 4},
        "executor_vcpu": 1,
        "spare_executors": 1,
        "heap_safety_factor": 1.5,
    }
    return SizingTargets.model_validate(base | kw)


def test_a_fast_small_profile_needs_one_executor_and_a_spare() -> None:
    rec = recommend(profile(), targets(), trigger_seconds=60)
    assert rec.executors == 1
    assert (rec.executor.vcpu, rec.executor.memory_gb) == (1, 2)  # EMR's smallest 1 vCPU worker
    assert (rec.driver_cpu, rec.driver_memory) == ("2 vCPU", "4 GB")
    assert (rec.max_cpu, rec.max_memory) == ("4 vCPU", "8 GB")  # driver + (1 + 1 spare) executors
    assert any("10,000 events/s per core" in s for s in rec.steps)


def test_a_slower_profile_adds_executors_in_proportion() -> None:
    rec = recommend(profile(events_per_second=1_000.0), targets(), trigger_seconds=60)
    assert rec.executors == 4  # 2 000 events/s catch-up at 500 per core
    assert rec.max_cpu == "7 vCPU" and rec.max_memory == "14 GB"


def test_a_heavier_heap_per_row_raises_the_driver_and_the_executors() -> None:
    rec = recommend(profile(peak_heap_bytes=8 * GIB, rows_per_batch=100_000.0), targets(), trigger_seconds=60)
    # 8 GiB / 100 000 rows x 120 000 rows x 1.5 = 14.4 GiB -> a 2 vCPU driver of 15 GB
    assert rec.driver_memory == "15 GB"
    # 8 GiB / 2 cores x 1.5 = 6 GiB per task -> a 1 vCPU executor of 6 GB
    assert rec.executor.memory_gb == 6
    assert rec.max_memory == f"{15 + 2 * 6} GB"


def test_worker_sizes_are_those_emr_serverless_accepts() -> None:
    assert worker_memory_gb(1, 0.5) == 2
    assert worker_memory_gb(4, 9.2) == 10
    with pytest.raises(ValueError, match="1, 2, 4, 8 or 16 vCPU"):
        worker_memory_gb(3, 4)
    with pytest.raises(ValueError, match="at most 8 GB"):
        worker_memory_gb(1, 9)


def test_a_profile_that_is_not_one_is_named_in_the_error(tmp_path: Path) -> None:
    bad = tmp_path / "profile.json"
    bad.write_text(json.dumps({"events_per_second": 0}))
    with pytest.raises(ValueError, match=r"profile\.json: not a Spark profile"):
        load_profile(bad)


def test_the_committed_capacity_file_is_the_committed_profiles_recommendation() -> None:
    """What Terraform deploys by default is what the report computes from the committed profile."""
    committed = json.loads((ROOT / "platform/infra/sizing/emr_capacity.json").read_text())
    prof = load_profile(ROOT / "benchmarks/results/jobs_profile.json")
    rec = recommend(prof, load_targets(), load_config().streaming.trigger_seconds)
    assert committed == capacity_file(rec, prof, "benchmarks/results/emr_sizing.txt")
    out = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks/emr_sizing.py"), "--check"], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "up to date" in out.stdout
