"""Carbon estimate of the demo workload: the seed's "Measure and document carbon footprint per demo
session" (Sustainability), from the resources the review found.

Method (Cloud Carbon Footprint, coefficients and sources in ``review/pricing/carbon.yaml``):
operational energy = compute (vCPU-hours x (min + utilisation x (max - min)) W, by architecture) +
memory (GB-hours x W/GB) + storage (TB-hours x Wh/TB-hour x the copies the service keeps), times the
data centres' PUE, times the region's grid emission factor. Compute runs during a demo session
(EMR Serverless at its maximum capacity: an upper bound; the producer task; the API function's
GB-seconds); stored data counts every hour of the week. Services CCF has no usage coefficients for
(Kinesis, API Gateway, CloudWatch metrics, Step Functions), network transfer and the hardware's
embodied emissions are left out and named.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from coattail.review.cost_lines import WEEKS_PER_MONTH, one_per_name
from coattail.review.inventory import Inventory

CARBON_FILE = Path(__file__).with_name("pricing") / "carbon.yaml"
HOURS_PER_WEEK = 168

NOT_ESTIMATED = ("Kinesis", "API Gateway", "CloudWatch metrics and alarms", "Step Functions")


@cache
def load_coefficients(path: Path = CARBON_FILE) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


@dataclass(frozen=True)
class Component:
    """One estimated part: its energy per demo session (compute) or per week (storage)."""

    service: str
    item: str
    per: str  # "session" | "week"
    wh: float
    resource_id: str = ""

    def as_dict(self, grid: float | None, pue: float) -> dict[str, Any]:
        """``gco2e`` is None where the region has no grid factor: energy known, carbon not."""
        return {
            "service": self.service,
            "item": self.item,
            "resource_id": self.resource_id,
            "per": self.per,
            "wh": round(self.wh, 4),
            "gco2e": None if grid is None else round(self.wh * pue * grid / 1000, 4),
        }


def _vcpu_watts(c: dict[str, Any], architecture: str | None) -> float:
    arch = "arm64" if (architecture or "").lower() in ("arm64", "aarch64") else "x86_64"
    w = c["vcpu_watts"][arch]
    return float(w["min"]) + float(c["average_cpu_utilization"]) * (float(w["max"]) - float(w["min"]))


def _compute(inv: Inventory, c: dict[str, Any], w: dict[str, Any], hours: float) -> list[Component]:
    out: list[Component] = []
    mem_w = float(c["memory_watts_per_gb"])
    for app in one_per_name(inv.emr_serverless_apps):
        vcpu = app.max_cpu_vcpu or float(w["emr_default_max_vcpu"])
        gb = app.max_memory_gb or float(w["emr_default_max_gb"])
        wh = hours * (vcpu * _vcpu_watts(c, app.architecture) + gb * mem_w)
        arch = app.architecture or "X86_64"
        item = f"{app.name}: {vcpu:g} vCPU, {gb:g} GB ({arch}), upper bound"
        out.append(Component("EMR Serverless", item, "session", wh, app.id))
    for task in one_per_name(inv.ecs_task_definitions):
        if "FARGATE" not in task.requires_compatibilities:
            continue
        vcpu, gb = (task.cpu or 256) / 1024, (task.memory_mb or 512) / 1024
        wh = hours * (vcpu * _vcpu_watts(c, task.cpu_architecture) + gb * mem_w)
        out.append(Component("Fargate", f"{task.family}: {vcpu:g} vCPU, {gb:g} GB", "session", wh, task.id))
    functions = one_per_name(inv.lambda_functions)
    api = [f for f in functions if "api" in f.name.lower()] or functions[:1]
    for fn in api:
        memory_mb = fn.memory_mb or int(w["lambda_memory_mb_default"])
        seconds = float(w["api_requests_per_hour"]) * hours * float(w["lambda_duration_ms"]) / 1000
        vcpu_h = seconds / 3600 * memory_mb / float(c["lambda_mb_per_vcpu"])
        gb_h = seconds / 3600 * memory_mb / 1024
        wh = vcpu_h * _vcpu_watts(c, fn.architectures[0] if fn.architectures else None) + gb_h * mem_w
        out.append(Component("Lambda", f"{fn.name}: {seconds:g} invocation-seconds", "session", wh, fn.id))
    return out


def _storage(inv: Inventory, c: dict[str, Any], w: dict[str, Any]) -> list[Component]:
    per_tb = c["storage_wh_per_tb_hour"]
    copies = c["replication"]
    out: list[Component] = []
    parts = (
        ("S3", inv.s3_buckets, float(w["stored_gb_s3"]), "hdd", "s3"),
        ("DynamoDB", inv.dynamodb_tables, float(w["stored_gb_dynamodb"]), "ssd", "dynamodb"),
        ("CloudWatch Logs", inv.log_groups, float(w["log_stored_gb"]), "hdd", "cloudwatch_logs"),
    )
    for service, resources, gb, medium, key in parts:
        if not resources:
            continue
        wh = gb / 1000 * HOURS_PER_WEEK * float(per_tb[medium]) * float(copies[key])
        out.append(
            Component(service, f"{gb:g} GB stored ({medium.upper()}, {copies[key]} copies)", "week", wh)
        )
    return out


def estimate_carbon(inv: Inventory, region: str, workload: Mapping[str, Any]) -> dict[str, Any]:
    """gCO2e per demo session, per week and per month, with the parts and the method; ``grid``
    is None (and the figures are not given) for a region without a published factor. ``workload``:
    review/pricing/workload.yaml (``cost.load_workload()``), the demo the cost estimate assumes too."""
    c = load_coefficients()
    w = dict(workload)
    sessions = max(int(w["sessions_per_week"]), 1)
    hours = float(w["demo_hours_per_week"]) / sessions
    components = [*_compute(inv, c, w, hours), *_storage(inv, c, w)]
    grid = c["grid_gco2e_per_kwh"].get(region)
    pue = float(c["pue"])
    session_wh = sum(x.wh for x in components if x.per == "session")
    week_wh = session_wh * sessions + sum(x.wh for x in components if x.per == "week")
    out: dict[str, Any] = {
        "region": region,
        "method": c["method"],
        "source": c["source"],
        "as_of": c["as_of"],
        "pue": pue,
        "grid_gco2e_per_kwh": grid,
        "session_hours": hours,
        "sessions_per_week": sessions,
        "not_estimated": [*NOT_ESTIMATED, "network transfer", "embodied emissions of the hardware"],
        "components": [x.as_dict(grid, pue) for x in components],
        "per_session_gco2e": None,
        "per_week_gco2e": None,
        "per_month_kgco2e": None,
    }
    if grid is not None:
        storage_session_wh = sum(x.wh for x in components if x.per == "week") / HOURS_PER_WEEK * hours
        out["per_session_gco2e"] = round((session_wh + storage_session_wh) * pue * grid / 1000, 3)
        out["per_week_gco2e"] = round(week_wh * pue * grid / 1000, 3)
        out["per_month_kgco2e"] = round(week_wh * pue * grid / 1e6 * WEEKS_PER_MONTH, 4)
    return out
